import { join } from 'node:path';
import { dataDir, env, portOf, type SubgraphName } from '../config';
import { loadVerifyKey } from '../context-token';
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
  const dir = dataDir();
  const store = await openStore(
    { mongodbUri: env.optional('MONGODB_URI'), dataDir: dir, database: name },
    log,
  );
  const verifyKey = await loadVerifyKey({
    jwksUrl: env.optional('CONTEXT_JWKS_URL'),
    publicKeyFile: env.str('CONTEXT_PUBLIC_KEY_FILE', join(dir, 'keys', 'context-public.pem')),
  });
  const governance = new HttpGovernanceSource(
    env.str('GOVERNANCE_URL', `http://127.0.0.1:${portOf('gateway')}`),
  );
  const service = await create(store, { verifyKey, governance, log, governanceOff: benchGovernanceOff() });
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
