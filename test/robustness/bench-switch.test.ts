import {
  assertGovernanceOffAllowed,
  ContextKeys,
  createLogger,
  NedbStore,
  type SubgraphRuntime,
} from '@care/common';
import { createCouncilSubgraph } from '@care/council';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayConfigFromEnv } from '../../gateway/src/config';
import { createGateway } from '../../gateway/src/server';

/** The benchmark's "governance off" switch must never be available in production. */
describe('the benchmark-only governance switch', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('is off unless asked for', () => {
    delete process.env.CARE_BENCH_GOVERNANCE;
    expect(gatewayConfigFromEnv().governance).toBe('on');
  });

  it('refuses governance off on any address but loopback, whatever NODE_ENV says', () => {
    delete process.env.NODE_ENV;
    expect(() => assertGovernanceOffAllowed({ HOST: '0.0.0.0' })).toThrow(
      /non-loopback address \(HOST=0.0.0.0\)/,
    );
    expect(() => assertGovernanceOffAllowed({ HOST: '10.1.2.3', NODE_ENV: 'development' })).toThrow(
      /non-loopback/,
    );
    expect(() => assertGovernanceOffAllowed({ HOST: '127.0.0.1' })).not.toThrow();
    expect(() => assertGovernanceOffAllowed({})).not.toThrow();
  });

  it('refuses to start a gateway or a subgraph with governance off when NODE_ENV=production', async () => {
    process.env.NODE_ENV = 'production';
    process.env.CARE_BENCH_GOVERNANCE = 'off';
    const dir = mkdtempSync(join(tmpdir(), 'care-switch-'));
    try {
      const cfg = {
        ...gatewayConfigFromEnv(),
        dataDir: dir,
        keysDir: join(dir, 'keys'),
        inMemory: true,
        port: 0,
      };
      expect(cfg.governance).toBe('off');
      await expect(createGateway(cfg)).rejects.toThrow(/benchmark-only.*refused when NODE_ENV=production/);
      const rt: SubgraphRuntime = {
        contextKeys: ContextKeys.generate().ring,
        governance: { policy: async () => ({ fields: {} }), facts: async () => [] },
        log: createLogger('council', 'silent'),
        governanceOff: true,
      };
      await expect(createCouncilSubgraph(new NedbStore(null), rt)).rejects.toThrow(
        /refused when NODE_ENV=production/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
