import type { SubgraphName } from '@care/common';
import { gatewayConfigFromEnv } from '../../gateway/src/config';
import { findPerson } from '../support/people';
import { Stack } from '../support/stack';
import { FaultProxy } from './proxy';

// Whole-stack suites: each test makes many requests; generous on a busy machine.
jest.setTimeout(60_000);

const PERSON = `query Person($n: NhsNumber!) {
  person(nhsNumber: $n) {
    nhsNumber knownTo
    socialCare { caseStatus }
    health { registeredPractice { name } }
    council { councilId }
  }
}`;

type Answer = {
  person?: {
    nhsNumber: string;
    knownTo: string[];
    socialCare: unknown;
    health: unknown;
    council: unknown;
  } | null;
};

// Health's own timeout; the others keep the (longer) default, so each source is timed on its own.
const TIMEOUT_MS = 500;
const DEFAULT_TIMEOUT_MS = 4000;

describe('a subgraph down, slow or failing', () => {
  let stack: Stack;
  let nhs: string;
  const proxies = {} as Record<SubgraphName, FaultProxy>;
  const original = {} as Record<SubgraphName, string>;

  beforeAll(async () => {
    stack = await Stack.start({
      people: 150,
      gateway: { subgraphTimeoutMs: DEFAULT_TIMEOUT_MS, subgraphTimeouts: { health: TIMEOUT_MS } },
    });
    for (const name of ['social-care', 'health', 'council'] as const) {
      original[name] = stack.config.subgraphUrls[name];
      proxies[name] = await FaultProxy.start(original[name]);
      stack.config.subgraphUrls[name] = proxies[name].url;
    }
    nhs = await findPerson(stack, {
      knownTo: ['SOCIAL_CARE', 'HEALTH', 'COUNCIL'],
      gpPractice: 'E85001',
      consents: { social_care_to_health: 'active' },
    });
  });
  afterEach(() => {
    for (const p of Object.values(proxies)) p.fault = { kind: 'none' };
  });
  afterAll(async () => {
    for (const p of Object.values(proxies)) await p.stop();
    await stack.stop();
  });

  const read = async () => {
    const gp = await stack.as('gp');
    const started = Date.now();
    const r = await gp.request<Answer>(PERSON, { n: nhs });
    return { ...r, ms: Date.now() - started };
  };
  const unavailable = (r: Awaited<ReturnType<typeof read>>) =>
    (r.errors ?? []).filter((e) => e.extensions?.code === 'SOURCE_UNAVAILABLE');

  it('gives partial data naming each source that is down', async () => {
    for (const name of ['social-care', 'health'] as const) {
      await proxies[name].stop();
      try {
        const r = await read();
        expect(r.status).toBe(200);
        expect(r.data?.person?.knownTo).toEqual(['SOCIAL_CARE', 'HEALTH', 'COUNCIL']);
        expect(unavailable(r).map((e) => e.extensions?.source)).toEqual([name]);
        const field = name === 'health' ? 'health' : 'socialCare';
        const other = name === 'health' ? 'socialCare' : 'health';
        expect(r.data?.person?.[field]).toBeNull();
        expect(r.data?.person?.[other]).not.toBeNull();
      } finally {
        proxies[name] = await FaultProxy.start(original[name]);
        stack.config.subgraphUrls[name] = proxies[name].url;
      }
    }
  });

  it('gives up on a slow source after its timeout and answers with the rest', async () => {
    proxies.health.fault = { kind: 'delay', ms: 5000 };
    const r = await read();
    expect(r.data?.person?.health).toBeNull();
    expect(r.data?.person?.socialCare).not.toBeNull();
    const [e] = unavailable(r);
    expect(e?.extensions?.source).toBe('health');
    expect(e?.message).toMatch(/health.*timed out/);
    // Answered at health's own timeout, long before the default one (a busy machine adds a little).
    expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(r.ms).toBeLessThan(TIMEOUT_MS + 1500);
  });

  it('times each source on its own: a source slower than health may be but within its own is waited for', async () => {
    proxies['social-care'].fault = { kind: 'delay', ms: TIMEOUT_MS + 700 };
    const r = await read();
    expect(unavailable(r)).toEqual([]);
    expect(r.data?.person?.socialCare).not.toBeNull();
    expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_MS + 700);
  });

  it('waits for a source that is slow but within its timeout', async () => {
    proxies.health.fault = { kind: 'delay', ms: 100 };
    const r = await read();
    expect(unavailable(r)).toEqual([]);
    expect(r.data?.person?.health).not.toBeNull();
  });

  it('treats a source answering 500, with JSON or an HTML page, as unavailable', async () => {
    for (const body of [
      '{"errors":[{"message":"database on fire"}]}',
      '<html><body>Bad gateway</body></html>',
    ]) {
      proxies.health.fault = { kind: 'status', status: 500, body };
      const r = await read();
      expect(r.status).toBe(200);
      const [e] = unavailable(r);
      expect(e?.extensions).toMatchObject({ source: 'health', status: 500 });
      expect(JSON.stringify(r)).not.toMatch(/database on fire|Bad gateway/);
      expect(r.data?.person?.socialCare).not.toBeNull();
    }
  });

  it('treats a connection cut mid-request as unavailable', async () => {
    proxies['social-care'].fault = { kind: 'reset' };
    const r = await read();
    expect(unavailable(r).map((e) => e.extensions?.source)).toEqual(['social-care']);
    expect(r.data?.person?.health).not.toBeNull();
  });

  it('is whole again once the source recovers', async () => {
    const r = await read();
    expect(unavailable(r)).toEqual([]);
    expect(r.data?.person).toMatchObject({ socialCare: expect.anything(), health: expect.anything() });
  });
});

describe('subgraph timeouts from the environment', () => {
  it('reads one default and an override per subgraph, and refuses a value that is not a number', () => {
    const saved = { ...process.env };
    try {
      process.env.SUBGRAPH_TIMEOUT_MS = '3000';
      process.env.SUBGRAPH_TIMEOUT_MS_SOCIAL_CARE = '800';
      expect(gatewayConfigFromEnv()).toMatchObject({
        subgraphTimeoutMs: 3000,
        subgraphTimeouts: { 'social-care': 800 },
      });
      expect(gatewayConfigFromEnv().subgraphTimeouts).not.toHaveProperty('health');
      process.env.SUBGRAPH_TIMEOUT_MS_HEALTH = 'soon';
      expect(() => gatewayConfigFromEnv()).toThrow(
        /SUBGRAPH_TIMEOUT_MS_HEALTH must be a whole number of at least 1/,
      );
      process.env.SUBGRAPH_TIMEOUT_MS_HEALTH = '0';
      expect(() => gatewayConfigFromEnv()).toThrow(/SUBGRAPH_TIMEOUT_MS_HEALTH/);
    } finally {
      process.env = saved;
    }
  });
});
