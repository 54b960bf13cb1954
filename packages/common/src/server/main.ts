import { join } from 'node:path';
import { dataDir, env, portOf, type SubgraphName } from '../config';
import { contextKeyFile, loadContextKey, subgraphKeyring } from '../context-keys';
import { HttpGovernanceSource } from '../governance-source';
import { createLogger, type Logger } from '../logger';
import { openStore } from '../store/open';
import type { DocStore } from '../store/types';
import { benchGovernanceOff } from './bench-mode';
import type { SubgraphRuntime, SubgraphService } from './subgraph';

/**
 * A subgraph process: settings from the environment, the store opened with retries, the
 * service started, and a graceful stop on SIGTERM/SIGINT that drains in-flight requests.
 */
export async function runSubgraph(
  name: SubgraphName,
  create: (store: DocStore, rt: SubgraphRuntime) => Promise<SubgraphService>,
): Promise<void> {
  const log: Logger = createLogger(name);
  try {
    await start(name, create, log);
  } catch (e) {
    // One clear line and a non-zero exit for the supervisor, not an unhandled rejection's trace.
    log.fatal({ err: e instanceof Error ? e.message : String(e) }, `${name} subgraph failed to start`);
    process.exit(1);
  }
}

async function start(
  name: SubgraphName,
  create: (store: DocStore, rt: SubgraphRuntime) => Promise<SubgraphService>,
  log: Logger,
): Promise<void> {
  const dir = dataDir();
  const store = await openStore(
    { mongodbUri: env.optional('MONGODB_URI'), dataDir: dir, database: name },
    log,
  );
  // This subgraph's own context key: written by npm start or the seed, or provisioned (CONTEXT_KEY_FILE).
  const key = loadContextKey(env.str('CONTEXT_KEY_FILE', contextKeyFile(join(dir, 'keys'), name)), name);
  const governance = new HttpGovernanceSource(
    env.str('GOVERNANCE_URL', `http://127.0.0.1:${portOf('gateway')}`),
  );
  const service = await create(store, {
    contextKeys: subgraphKeyring(name, key),
    governance,
    log,
    governanceOff: benchGovernanceOff(),
  });
  const listening = await service.listen(portOf(name));
  log.info({ url: `${listening.url}/graphql`, store: store.kind }, `${name} subgraph listening`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining and stopping');
    await service.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
