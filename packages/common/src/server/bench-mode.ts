import type { CareContext } from '../context-token';
import { isRole } from '../roles';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The benchmark's "governance off" switch measures what shielding and audit cost, and lets a
 * router that cannot sign our tokens (Hive Gateway) be compared on the same subgraphs. It must
 * never run in production: starting with it there is refused outright, and so is starting with it
 * on any address but loopback (a deployment that forgot NODE_ENV still listens beyond this machine;
 * the benchmark never does).
 */
export function assertGovernanceOffAllowed(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === 'production') {
    throw new Error('Governance off is a benchmark-only switch and is refused when NODE_ENV=production');
  }
  if (env.HOST !== undefined && !LOOPBACK.has(env.HOST)) {
    throw new Error(
      `Governance off is a benchmark-only switch and is refused on a non-loopback address (HOST=${env.HOST})`,
    );
  }
}

/** Benchmark-only env switch read by the service entry points: CARE_BENCH_GOVERNANCE=off. */
export const benchGovernanceOff = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.CARE_BENCH_GOVERNANCE === 'off';

const PREFIX = 'unsigned.';

/** The context header a benchmark client (or Hive Gateway forwarding it) sends to a governance-off subgraph. */
export const unsignedContextHeader = (care: CareContext): string =>
  PREFIX + Buffer.from(JSON.stringify(care)).toString('base64url');

/** The caller from an unsigned bench header, or null when the header is anything else. */
export function readUnsignedContext(header: string | undefined): CareContext | null {
  if (!header?.startsWith(PREFIX)) return null;
  const c = JSON.parse(
    Buffer.from(header.slice(PREFIX.length), 'base64url').toString('utf8'),
  ) as Partial<CareContext>;
  if (typeof c.sub !== 'string' || !isRole(c.role) || typeof c.org !== 'string') {
    throw new Error('Unsigned bench context is incomplete');
  }
  return {
    sub: c.sub,
    name: String(c.name ?? c.sub),
    role: c.role,
    org: c.org,
    team: typeof c.team === 'string' ? c.team : null,
    purpose: c.purpose ?? 'direct_care',
    policyVersion: Number(c.policyVersion ?? 1),
    draftPolicy: null,
    factsEpoch: Number(c.factsEpoch ?? 0),
    breakGlass: Array.isArray(c.breakGlass) ? c.breakGlass.map(String) : [],
    requestId: typeof c.requestId === 'string' ? c.requestId : '',
  };
}
