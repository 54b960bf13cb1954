import { gatewayConfigFromEnv } from './config';
import { createGateway } from './server';

async function main() {
  const cfg = gatewayConfigFromEnv();
  const gw = await createGateway(cfg);
  const l = await gw.listen();
  gw.log.info({ url: `${l.url}/graphql` }, 'gateway listening');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    gw.log.info({ signal }, 'draining and stopping');
    await gw.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: Error) => {
  console.error(`gateway failed to start: ${e.message}`);
  process.exit(1);
});
