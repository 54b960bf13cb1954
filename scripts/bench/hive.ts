/**
 * Hive Gateway (@graphql-hive/gateway) on the same supergraph, over subgraph processes of its own.
 * It cannot sign our per-fetch context tokens, so it runs against subgraphs started with
 * governance off and forwards the client's unsigned bench context header to them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { SERVICE_NODE_FLAGS } from '../service-process';
import { ROOT, ServiceProcess, waitFor, type Ports } from './services';

// Hive's HTTP transport shares one subgraph answer between identical in-flight queries by default.
// Our gateway cannot (every answer is audited per request and every token is single-use), so it
// is switched off here to compare the same work.
const CONFIG = `export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ 'x-care-context': request.headers.get('x-care-context') }),
  },
  transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
  logging: 'error',
};
`;

/** The checked-in supergraph with its subgraph URLs pointed at this run's ports. */
export function supergraphFor(ports: Ports): string {
  return readFileSync(join(ROOT, 'supergraph.graphql'), 'utf8')
    .replace(
      'http://127.0.0.1:4000/subgraphs/governance/graphql',
      `http://127.0.0.1:${ports.gateway}/subgraphs/governance/graphql`,
    )
    .replace('http://127.0.0.1:4001/graphql', `http://127.0.0.1:${ports['social-care']}/graphql`)
    .replace('http://127.0.0.1:4002/graphql', `http://127.0.0.1:${ports.health}/graphql`)
    .replace('http://127.0.0.1:4003/graphql', `http://127.0.0.1:${ports.council}/graphql`);
}

export async function startHive(dir: string, ports: Ports, port: number): Promise<ServiceProcess> {
  const supergraph = join(dir, 'supergraph.hive.graphql');
  const config = join(dir, 'hive-gateway.config.mjs');
  writeFileSync(supergraph, supergraphFor(ports));
  writeFileSync(config, CONFIG);
  const bin = join(ROOT, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  const child = spawn(
    process.execPath,
    [
      // The same V8 heap settings as our services, so the comparison is of the routers alone.
      ...SERVICE_NODE_FLAGS,
      bin,
      'supergraph',
      supergraph,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--fork',
      '1',
      '--config-path',
      config,
    ],
    { cwd: dir, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const proc = new ServiceProcess('hive-gateway', child);
  try {
    await waitFor(`http://127.0.0.1:${port}/healthcheck`, 60_000);
  } catch (e) {
    console.error(proc.output.join(''));
    await proc.stop();
    throw e;
  }
  return proc;
}
