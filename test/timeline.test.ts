import { findPerson } from './support/people';
import { Stack } from './support/stack';

const RICHFORD = 'E85001';
const HF = 'E09000013';
const PAGE = `query($n: NhsNumber!, $first: Int, $after: String, $sources: [TimelineSource!], $kinds: [String!], $from: String, $to: String) {
  person(nhsNumber: $n) { timeline(first: $first, after: $after, sources: $sources, kinds: $kinds, from: $from, to: $to) {
    events { id at source kind summary redacted link } hasNextPage endCursor unavailableSources } } }`;

interface Event {
  id: string;
  at: string;
  source: string;
  kind: string;
  summary: string | null;
  redacted: boolean;
}
interface Page {
  events: Event[];
  hasNextPage: boolean;
  endCursor: string | null;
  unavailableSources: string[];
}

describe('the combined timeline', () => {
  let stack: Stack;
  let nhs: string;

  beforeAll(async () => {
    stack = await Stack.start({ people: 500 });
    nhs = await findPerson(stack, {
      knownTo: ['SOCIAL_CARE', 'HEALTH', 'COUNCIL'],
      gpPractice: RICHFORD,
      borough: HF,
      consents: { social_care_to_health: 'active', health_to_social_care: 'active' },
    });
  });
  afterAll(() => stack.stop());

  const page = async (role: string, vars: Record<string, unknown>) => {
    const r = await (await stack.as(role)).request<{ person: { timeline: Page } }>(PAGE, { n: nhs, ...vars });
    return { page: r.data?.person.timeline as Page, errors: r.errors };
  };

  async function walk(role: string, first: number, extra: Record<string, unknown> = {}): Promise<Event[]> {
    const all: Event[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const { page: p } = await page(role, { first, after, ...extra });
      all.push(...p.events);
      if (!p.hasNextPage) break;
      after = p.endCursor;
    }
    return all;
  }

  it('merges events from every source newest first, with no duplicates or gaps between pages', async () => {
    const whole = await walk('gp', 100);
    const paged = await walk('gp', 3);
    const key = (e: Event) => `${e.source}:${e.id}`;
    expect(paged.map(key)).toEqual(whole.map(key));
    expect(new Set(paged.map(key)).size).toBe(paged.length);
    const sources = new Set(whole.map((e) => e.source));
    expect(sources.size).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < whole.length; i++) expect(whole[i - 1].at >= whole[i].at).toBe(true);
  });

  it('filters by source, kind and date range', async () => {
    const health = await walk('gp', 50, { sources: ['HEALTH'] });
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((e) => e.source === 'HEALTH')).toBe(true);
    const kind = health[0].kind;
    const ofKind = await walk('gp', 50, { kinds: [kind] });
    expect(ofKind.length).toBeGreaterThan(0);
    expect(ofKind.every((e) => e.kind === kind)).toBe(true);
    const all = await walk('gp', 100);
    const mid = all[Math.floor(all.length / 2)].at;
    const recent = await walk('gp', 100, { from: mid });
    expect(recent.every((e) => e.at >= mid)).toBe(true);
    expect(recent.length).toBeLessThan(all.length + 1);
  });

  it('redacts what the viewer may not see without leaking it through the summary', async () => {
    const sw = await walk('social_worker', 100, { sources: ['HEALTH'] });
    const conditions = sw.filter((e) => e.kind === 'CONDITION_RECORDED');
    const gp = await walk('gp', 100, { sources: ['HEALTH'], kinds: ['CONDITION_RECORDED'] });
    expect(gp.length).toBeGreaterThan(0);
    expect(conditions.length).toBe(gp.length);
    expect(conditions.every((e) => e.redacted && e.summary === null)).toBe(true);
    expect(gp.every((e) => !e.redacted && typeof e.summary === 'string')).toBe(true);
    // A housing officer sees the council's events and nothing from health.
    const council = await walk('housing_officer', 100);
    expect(council.every((e) => e.source === 'COUNCIL' || e.redacted || e.source === 'GOVERNANCE')).toBe(
      true,
    );
  });

  it('audits a page as one record of what every source returned, for the request that asked', async () => {
    const gp = await stack.as('gp');
    const r = await gp.request(
      `query TimelineAuditProbe($n: NhsNumber!) { person(nhsNumber: $n) { timeline(first: 5) { events { id summary } } } }`,
      { n: nhs },
    );
    expect(r.errors).toBeUndefined();
    const records = await stack.governance.audit.find({ operationName: 'TimelineAuditProbe' });
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record.persons).toEqual([nhs]);
    const fields = record.access.flatMap((a) => a.allowed);
    // The page's own fields, and the source fields its events were read from.
    expect(fields).toEqual(
      expect.arrayContaining(['Person.timeline', 'Person.healthEvents', 'Person.socialCareEvents']),
    );
    // What a source withheld from the page is in it too (a GP is not shown the council's events).
    expect(record.access.flatMap((a) => a.denied)).toContainEqual({
      field: 'Person.councilEvents',
      reason: 'role',
    });
    expect(record.outcome).toBe('partial');
    // The reads made for the page are in that record, not in records of their own.
    const reads = await stack.governance.audit.find({ requestId: record.requestId });
    expect(reads).toHaveLength(1);
    expect(await stack.governance.audit.count({ operationName: 'TimelineSources', user: 'dr.okafor' })).toBe(
      0,
    );
  });

  it('shows no page when the audit cannot record it (fail closed)', async () => {
    const gp = await stack.as('gp');
    const r = await stack.withAuditRefusing(() => gp.request(PAGE, { n: nhs, first: 5 }));
    expect(r.status).toBe(503);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
  });

  it('reads each source a bounded number of times for the first page, however long the history', async () => {
    const before = stack.storeReads();
    await page('gp', { first: 5 });
    const after = stack.storeReads();
    expect(after.health - before.health).toBeLessThanOrEqual(10);
    expect(after['social-care'] - before['social-care']).toBeLessThanOrEqual(15);
  });

  it('keeps answering with the other sources when one is down, and says which is missing', async () => {
    await stack.stopSubgraph('council');
    try {
      const { page: p } = await page('gp', { first: 10 });
      expect(p.events.length).toBeGreaterThan(0);
      expect(p.unavailableSources).toContain('COUNCIL');
    } finally {
      await stack.restartSubgraph('council');
    }
  });

  it('rejects a bad cursor or page size clearly', async () => {
    expect((await page('gp', { first: 0 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await page('gp', { first: 5, after: 'not-a-cursor' })).errors?.[0].extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
  });
});
