/**
 * How each service process is started, the same for `npm start`, the benchmark and the image
 * (the Dockerfile's CMD repeats the flags): its entry point, run through tsx, and the Node flags.
 */
import type { ServiceName } from '@care/common';
import { join } from 'node:path';

export const SERVICE_ENTRY: Record<ServiceName, string> = {
  'social-care': 'subgraphs/social-care/src/main.ts',
  health: 'subgraphs/health/src/main.ts',
  council: 'subgraphs/council/src/main.ts',
  gateway: 'gateway/src/main.ts',
};

/**
 * V8 heap flags for every service. A GraphQL request allocates a lot that dies young (promises
 * per field, parsed bodies): with V8's default 16 MB semi-spaces the young generation is scavenged
 * every few dozen requests; 32 MB halves that and cut 7–11% of the stack's CPU per request in
 * interleaved runs of the person query and the caseload (64 MB measured no clear further gain).
 *
 * The old generation still grows by a few MB a second under load, and V8's default growth factor
 * (about 1.5 in these runs) then marks and compacts the gateway's ~100 MB heap every 5 s or so.
 * Each of those takes its marking threads' worth of CPU from a machine that is already busy:
 * ~100 ms in which every request in flight stalls, which alone set the p99 at 300 req/s offered
 * (63–130 ms, p50 3 ms). A growth factor of 3 makes a full collection a rare event (the p99 there:
 * 11–14 ms) for a heap that may reach three times its live size between collections.
 * NODE_OPTIONS may set another semi-space size (Node does not take --heap-growing-percent there).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=32', '--heap-growing-percent=200'];

/** Node's arguments for one service: its flags, then tsx and the entry point. */
export function serviceArgs(root: string, service: ServiceName, extra: string[] = []): string[] {
  const given = process.env.NODE_OPTIONS ?? '';
  const flags = SERVICE_NODE_FLAGS.filter((f) => !given.includes(f.split('=')[0]));
  return [...flags, ...extra, '--import', 'tsx', join(root, SERVICE_ENTRY[service])];
}
