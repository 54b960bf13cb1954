import {
  ContextKeys,
  createLogger,
  HttpGovernanceSource,
  MAX_OPERATION_LABELS,
  type Collection,
  type Doc,
  type DocStore,
  type SubgraphService,
} from '@care/common';
import { createHealthSubgraph } from '@care/health';
import { findPerson } from '../support/people';
import { Stack } from '../support/stack';
import { post } from './helpers';

// Whole-stack suites: each test makes many requests; generous on a busy machine.
jest.setTimeout(60_000);

const PERSON = `query Person($n: NhsNumber!) {
  person(nhsNumber: $n) {
    nhsNumber knownTo demographics { givenName familyName dateOfBirth postcode }
    socialCare { caseStatus allocatedWorker { name phone } }
    health { registeredPractice { name } conditions { display } demographics { givenName familyName } }
    council { councilId }
  }
}`;

/** Lines a logger wrote, parsed. */
class Captured {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  get records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

/** The value of one Prometheus sample, summed over series whose labels include `labels`. */
function sample(text: string, metric: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** A store whose reads throw `failure.message` while it is set: an internal error on demand. */
function failingReads(base: DocStore, failure: { message: string | null }): DocStore {
  const check = () => {
    if (failure.message !== null) throw new Error(failure.message);
  };
  return {
    kind: base.kind,
    stats: base.stats,
    ping: () => base.ping(),
    close: () => base.close(),
    collection<T extends Doc>(name: string): Collection<T> {
      const c = base.collection<T>(name);
      return {
        name: c.name,
        find: async (f, o) => (check(), c.find(f, o)),
        findOne: async (f, o) => (check(), c.findOne(f, o)),
        count: (f) => c.count(f),
        insertMany: (d) => c.insertMany(d),
        insertOne: (d) => c.insertOne(d),
        updateOne: (f, u, o) => c.updateOne(f, u, o),
        deleteMany: (f) => c.deleteMany(f),
        ensureIndex: (f, o) => c.ensureIndex(f, o),
      };
    },
  };
}

describe('logs and metrics', () => {
  let stack: Stack;
  let health: SubgraphService;
  let healthUrl: string;
  let nhs: string;
  const gatewayLog = new Captured();
  const healthLog = new Captured();
  const healthFailure: { message: string | null } = { message: null };

  beforeAll(async () => {
    stack = await Stack.start({
      people: 200,
      gateway: { log: createLogger('gateway', 'debug', gatewayLog) },
    });
    // A health subgraph of our own over the stack's health store, logging at debug into a buffer.
    health = await createHealthSubgraph(failingReads(stack.subgraphs.health.store, healthFailure), {
      contextKeys: ContextKeys.loadOrCreate(stack.config.keysDir).ring,
      governance: new HttpGovernanceSource(stack.url),
      log: createLogger('health', 'debug', healthLog),
    });
    healthUrl = (await health.listen(0)).url;
    stack.config.subgraphUrls.health = `${healthUrl}/graphql`;
    nhs = await findPerson(stack, {
      knownTo: ['SOCIAL_CARE', 'HEALTH', 'COUNCIL'],
      gpPractice: 'E85001',
      consents: { social_care_to_health: 'active' },
    });
  });
  afterAll(async () => {
    await health.stop();
    await stack.stop();
  });

  const ask = async (query: string, variables: Record<string, unknown>, requestId?: string) => {
    const gp = await stack.as('gp');
    return post(
      `${stack.url}/graphql`,
      { query, variables },
      {
        'content-type': 'application/json',
        authorization: `Bearer ${gp.token}`,
        ...(requestId ? { 'x-request-id': requestId } : {}),
      },
    );
  };

  it('carries a well-formed incoming request id to the subgraphs and back in a header', async () => {
    const r = await ask(PERSON, { n: nhs }, 'trace-7f3a-0001');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toBe('trace-7f3a-0001');
    const gw = gatewayLog.records.filter((l) => l.rid === 'trace-7f3a-0001');
    expect(gw).toEqual(
      expect.arrayContaining([expect.objectContaining({ msg: 'request', op: 'Person', service: 'gateway' })]),
    );
    const sub = healthLog.records.filter((l) => l.rid === 'trace-7f3a-0001');
    expect(sub).toEqual(
      expect.arrayContaining([expect.objectContaining({ msg: 'request', service: 'health' })]),
    );
  });

  it('replaces a malformed request id with its own, never echoing what it was sent', async () => {
    for (const bad of ['has spaces in it', 'x'.repeat(300), 'short', 'has;semicolons=and\tTAB']) {
      const r = await ask('{ me { username } }', {}, bad);
      const id = r.headers.get('x-request-id') ?? '';
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('writes no personal data in any log line, gateway or subgraph', async () => {
    const p = stack.seed.population.people.find((x) => x.nhsNumber === nhs);
    expect(p).toBeDefined();
    await ask(PERSON, { n: nhs });
    await ask('query($n: NhsNumber!) { person(nhsNumber: $n) { nhsNumber } }', { n: `${nhs.slice(0, 9)}0` });
    await ask('query($n: NhsNumber!) { person(nhsNumber: $n) { health { conditions { display } } } }', {
      n: { $gt: '' },
    });
    // An unexpected store error whose message quotes the record it choked on, as drivers' do.
    healthFailure.message = `E11000 duplicate key: { nhsNumber: "${nhs}", familyName: "${p?.familyName}" }`;
    try {
      const failed = await ask(PERSON, { n: nhs });
      // The client is told which source failed, and nothing of what its store said.
      expect(failed.json?.errors).toEqual(
        expect.arrayContaining([
          {
            message: 'Internal error',
            path: ['person', 'health'],
            extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'health' },
          },
        ]),
      );
      expect(JSON.stringify(failed.json?.errors)).not.toContain(nhs);
    } finally {
      healthFailure.message = null;
    }
    expect(healthLog.records).toEqual(
      expect.arrayContaining([expect.objectContaining({ msg: 'internal error', service: 'health' })]),
    );
    const text = [...gatewayLog.lines, ...healthLog.lines].join('');
    expect(healthLog.lines.length).toBeGreaterThan(0);
    expect(gatewayLog.lines.length).toBeGreaterThan(0);
    for (const secret of [nhs, p?.givenName, p?.familyName, p?.dateOfBirth, p?.postcode])
      expect({ secret, found: text.includes(String(secret)) }).toEqual({ secret, found: false });
  });

  it('counts requests, latency, errors by code, subgraph fetches, batch sizes and denials per service', async () => {
    await ask(PERSON, { n: nhs });
    const sw = await stack.as('social_worker');
    await sw.request('{ myCaseload(limit: 20) { nhsNumber person { healthFlags { fallsRisk } } } }');
    const gw = await (await fetch(`${stack.url}/metrics`)).text();
    expect(sample(gw, 'care_requests_total', { operation: 'Person', service: 'gateway' })).toBeGreaterThan(0);
    expect(sample(gw, 'care_request_seconds_count', { operation: 'Person' })).toBeGreaterThan(0);
    expect(sample(gw, 'care_errors_total', { code: 'FORBIDDEN' })).toBeGreaterThan(0);
    expect(sample(gw, 'care_errors_total', { code: 'BAD_USER_INPUT' })).toBeGreaterThan(0);
    for (const subgraph of ['governance', 'social-care', 'health', 'council'])
      expect(sample(gw, 'care_subgraph_fetch_seconds_count', { subgraph })).toBeGreaterThan(0);
    expect(sample(gw, 'care_denied_fields_total', { reason: 'role' })).toBeGreaterThan(0);

    const h = await (await fetch(`${healthUrl}/metrics`)).text();
    expect(sample(h, 'care_requests_total', { service: 'health' })).toBeGreaterThan(0);
    expect(sample(h, 'care_request_seconds_count')).toBeGreaterThan(0);
    expect(sample(h, 'care_dataloader_batch_size_count')).toBeGreaterThan(0);
    expect(sample(h, 'care_dataloader_batch_size_sum')).toBeGreaterThanOrEqual(20);

    const council = await (await fetch(`${stack.subgraphs.council.listening.url}/metrics`)).text();
    expect(
      sample(council, 'care_denied_fields_total', { reason: 'role', service: 'council' }),
    ).toBeGreaterThan(0);
    expect(sample(council, 'care_errors_total', { code: 'FORBIDDEN' })).toBeGreaterThan(0);
  });

  it('keeps the operation label bounded when a client names every request afresh', async () => {
    const gp = await stack.as('gp');
    for (let i = 0; i < MAX_OPERATION_LABELS + 30; i++) {
      const r = await gp.request(
        `query Fresh${i}($n: NhsNumber!) { person(nhsNumber: $n) { health { registeredPractice { name } } } }`,
        { n: nhs },
      );
      expect(r.errors).toBeUndefined();
    }
    const operations = (text: string) =>
      new Set([...text.matchAll(/^care_requests_total\{[^}]*operation="([^"]*)"/gm)].map((m) => m[1]));
    const gw = await (await fetch(`${stack.url}/metrics`)).text();
    const h = await (await fetch(`${healthUrl}/metrics`)).text();
    for (const text of [gw, h]) {
      expect(operations(text).size).toBeLessThanOrEqual(MAX_OPERATION_LABELS + 1);
      expect(sample(text, 'care_requests_total', { operation: 'other' })).toBeGreaterThan(0);
    }
    // Names seen before the bound was reached keep their own series.
    expect(sample(gw, 'care_requests_total', { operation: 'Person' })).toBeGreaterThan(0);
  });
});
