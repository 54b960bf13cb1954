import {
  NedbStore,
  type Listening,
  type PolicyDocument,
  type Role,
  type SubgraphService,
} from '@care/common';
import { TestGateway, type TestViewer } from '@care/common/src/testing';
import { createSocialCareSubgraph } from '../index';
import { SOCIAL_CARE_POLICY } from '../seeded-policy';
import { SocialCareDocStore } from '../store/doc-store';
import type { AssessmentDoc, ClientDoc, ReferralDoc, ReferralStatus, ServiceDoc } from '../store/port';
import type { CorrectionDoc, CorrectionStatus } from '../workflows/types';
import { ADA_CLIENT, BEN_CLIENT, HF, nhs, NOW, PRACTICE } from '../testing/fixtures';

const RICH = nhs(700);
const SMALL = nhs(701);
const BIG = nhs(702);

/** Few distinct days, so many events share a time and the id has to break the tie. */
const DAYS = ['2024-01-01', '2024-03-15', '2025-06-30', '2026-02-01', '2026-11-22'];
const midnight = (day: string) => `${day}T00:00:00.000Z`;

function assessments(n: number, count: number): AssessmentDoc[] {
  return Array.from({ length: count }, (_, i) => ({
    _id: `A${n}-${i}`,
    id: `A${n}-${i}`,
    clientId: `C${n}`,
    nhsNumber: nhs(n),
    kind: i % 2 ? 'NEEDS' : 'CARER',
    status: i % 3 === 0 ? 'in_progress' : 'complete',
    startedOn: DAYS[i % 5],
    completedOn: i % 3 === 0 ? null : DAYS[(i + 1) % 5],
    outcome: i % 3 === 0 ? null : 'Eligible needs',
  }));
}

function services(n: number, count: number, nhsNumber = nhs(n)): ServiceDoc[] {
  return Array.from({ length: count }, (_, i) => ({
    _id: `S${n}-${i}`,
    id: `S${n}-${i}`,
    clientId: `C${n}`,
    nhsNumber,
    kind: 'HOME_CARE',
    description: 'Two visits a day',
    provider: null,
    startDate: DAYS[i % 5],
    endDate: i % 2 ? DAYS[(i + 2) % 5] : null,
    hoursPerWeek: null,
    weeklyCost: null,
    status: 'active',
  }));
}

/** Referrals sharing creation and change times across referrals, as a fixed clock makes them. */
function referrals(nhsNumber: string, count: number): ReferralDoc[] {
  return Array.from({ length: count }, (_, i) => {
    const createdAt = `2025-0${1 + (i % 3)}-01T09:00:00.000Z`;
    const path: [ReferralStatus, string][] = [['RECEIVED', createdAt]];
    if (i % 5 !== 0) path.push(['TRIAGED', `2025-0${1 + (i % 3)}-02T09:00:00.000Z`]);
    if (i % 5 !== 0 && i % 2) path.push(['ASSESSMENT_BOOKED', '2026-05-05T12:00:00.000Z']);
    const history = path.map(([status, at]) => ({ status, reason: `to ${status}`, by: 'Duty', at }));
    return {
      _id: `R${i}`,
      id: `R${i}`,
      nhsNumber,
      service: 'HOME_CARE',
      urgency: 'SOON',
      reason: 'Needs help at home',
      consentReference: null,
      referredBy: 'Dr Test',
      referrerOrg: PRACTICE,
      borough: HF,
      status: path[path.length - 1][0],
      history,
      createdAt,
      updatedAt: history[history.length - 1].at,
      idempotencyKey: `k-${i}`,
    };
  });
}

const client = (n: number, over: Partial<ClientDoc>): ClientDoc => ({
  ...ADA_CLIENT,
  _id: `C${n}`,
  clientId: `C${n}`,
  nhsNumber: nhs(n),
  ...over,
});

const RICH_CLIENT = client(700, {
  childProtection: {
    ...BEN_CLIENT.childProtection!,
    planStart: '2025-06-30',
    planEnd: '2026-02-01',
    category: 'NEGLECT',
    lookedAfter: true,
    lookedAfterSince: '2026-02-01',
  },
  safeguardingAlerts: DAYS.slice(0, 3).map((raisedOn, i) => ({
    id: `G${i}`,
    raisedOn,
    concern: 'Self-neglect',
    status: 'open' as const,
  })),
});
const RICH_ASSESSMENTS = assessments(700, 60);
// One planned service starts after now: not an event yet.
const RICH_SERVICES = [
  ...services(700, 50),
  { ...services(700, 1)[0], _id: 'FUTURE', id: 'FUTURE', startDate: '2027-01-01' },
];
const RICH_REFERRALS = referrals(RICH, 25);

const STATUSES: CorrectionStatus[] = ['PROPOSED', 'APPLYING', 'ACCEPTED', 'REJECTED'];
const RICH_CORRECTIONS: CorrectionDoc[] = Array.from({ length: 12 }, (_, i) => {
  const status = STATUSES[i % 4];
  const decided = status === 'ACCEPTED' || status === 'REJECTED';
  return {
    _id: `K${i}`,
    id: `K${i}`,
    nhsNumber: RICH,
    clientId: 'C700',
    borough: HF,
    field: 'CONTACT_PHONE',
    coordinate: 'Contact.phone',
    targetId: 'K1',
    targetLabel: 'Grace Okoro (Daughter)',
    oldValue: '07700 900123',
    proposedValue: '07700 900999',
    reason: 'She changed her number',
    status,
    proposedBy: 'Dr Test',
    proposedBySub: 'gp.user',
    proposerOrg: PRACTICE,
    proposedAt: `2026-0${1 + (i % 3)}-10T10:00:00.000Z`,
    decidedBy: decided ? 'Asha Patel' : null,
    decidedBySub: decided ? 'sw.patel' : null,
    decidedAt: decided ? '2026-04-01T10:00:00.000Z' : null,
    decisionReason: null,
    idempotencyKey: `c-${i}`,
    updatedAt: '2026-04-01T10:00:00.000Z',
  };
});

/** What the person's timeline must hold, worked out from the documents, as (at, kind). */
function expectedRich(): string[] {
  const out: string[] = [];
  const add = (at: string | null, kind: string) => {
    if (at && at <= NOW.toISOString()) out.push(`${at} ${kind}`);
  };
  for (const r of RICH_REFERRALS) {
    add(r.createdAt, 'REFERRAL');
    for (const h of r.history.slice(1)) add(h.at, 'REFERRAL_STATUS');
  }
  for (const a of RICH_ASSESSMENTS) {
    add(midnight(a.startedOn), 'ASSESSMENT_STARTED');
    if (a.completedOn) add(midnight(a.completedOn), 'ASSESSMENT_COMPLETED');
  }
  for (const s of RICH_SERVICES) {
    add(midnight(s.startDate), 'SERVICE_STARTED');
    if (s.endDate) add(midnight(s.endDate), 'SERVICE_ENDED');
  }
  add(midnight('2025-06-30'), 'CP_PLAN_STARTED');
  add(midnight('2026-02-01'), 'CP_PLAN_ENDED');
  add(midnight('2026-02-01'), 'LOOKED_AFTER');
  for (const day of DAYS.slice(0, 3)) add(midnight(day), 'SAFEGUARDING_ALERT');
  for (const c of RICH_CORRECTIONS) {
    add(c.proposedAt, 'CORRECTION');
    add(c.decidedAt, 'CORRECTION');
  }
  return out.sort();
}

const EVENTS_QUERY = `query($r:[_Any!]!, $beforeAt: String, $beforeId: ID, $limit: Int, $kinds: [String!], $from: String, $to: String) {
  _entities(representations: $r) { ... on Person {
    socialCareEvents(beforeAt: $beforeAt, beforeId: $beforeId, limit: $limit, kinds: $kinds, from: $from, to: $to) {
      id at kind summary redacted link
    }
  } }
}`;

interface Event {
  id: string;
  at: string;
  kind: string;
  summary: string | null;
  redacted: boolean;
  link: string;
}

/** The seeded social care policy, with the timeline and corrections granted as the gateway's default policy does. */
function policy(without: string[] = []): PolicyDocument {
  const fields = structuredClone(SOCIAL_CARE_POLICY.fields);
  const grant = (c: string, roles: Role[]) => {
    const f = (fields[c] ??= { cells: {} });
    for (const r of roles) f.cells[r] = { access: 'related' };
  };
  const event = ['id', 'at', 'kind', 'summary', 'redacted', 'link'].map((f) => `SocialCareEvent.${f}`);
  for (const c of ['Person.socialCareEvents', ...event]) grant(c, ['social_worker', 'gp']);
  for (const f of ['field', 'targetLabel', 'status']) grant(`Correction.${f}`, ['social_worker']);
  for (const c of without) delete fields[c];
  return { fields };
}

const SW: TestViewer = { role: 'social_worker', org: HF };

describe('social care timeline events', () => {
  let gw: TestGateway;
  let docs: NedbStore;
  let svc: SubgraphService;
  let http: Listening;

  beforeAll(async () => {
    gw = await TestGateway.create();
    docs = new NedbStore(null);
    const store = new SocialCareDocStore(docs);
    await store.putClients([RICH_CLIENT, client(701, {}), client(702, {})]);
    await store.putAssessments([...RICH_ASSESSMENTS, ...assessments(701, 10)]);
    await store.putServices([...RICH_SERVICES, ...services(702, 1000)]);
    await store.putReferrals(RICH_REFERRALS);
    await docs.collection<CorrectionDoc>('corrections').insertMany(RICH_CORRECTIONS);
    svc = await createSocialCareSubgraph(
      docs,
      gw.runtime(() => NOW),
    );
    http = await svc.listen(0);
    gw.governance.policies.set(1, policy());
    gw.governance.policies.set(2, policy(['Assessment.kind']));
    for (const n of [RICH, SMALL, BIG]) {
      gw.governance.setFacts({
        nhsNumber: n,
        borough: HF,
        gpPractice: PRACTICE,
        consents: [{ flow: 'social_care_to_health', state: 'active' }],
      });
    }
  });
  afterAll(() => svc.stop());

  async function events(
    nhsNumber: string,
    args: Record<string, unknown> = {},
    viewer: TestViewer = SW,
  ): Promise<Event[]> {
    const { body } = await gw.call(http.url, 'social-care', viewer, EVENTS_QUERY, {
      r: [{ __typename: 'Person', nhsNumber }],
      ...args,
    });
    expect(body.errors).toBeUndefined();
    return (body.data?._entities as { socialCareEvents: Event[] }[])[0].socialCareEvents;
  }

  async function walk(
    nhsNumber: string,
    limit: number,
    args: Record<string, unknown> = {},
  ): Promise<Event[]> {
    const all: Event[] = [];
    for (;;) {
      const last = all[all.length - 1];
      const page = await events(nhsNumber, { ...args, limit, beforeAt: last?.at, beforeId: last?.id });
      expect(page.length).toBeLessThanOrEqual(limit);
      all.push(...page);
      if (page.length < limit) return all;
    }
  }

  const newestFirst = (list: Event[]) =>
    list.every(
      (e, i) => i === 0 || e.at < list[i - 1].at || (e.at === list[i - 1].at && e.id < list[i - 1].id),
    );

  it('lists every kind, newest first by time then id, with links and summaries', async () => {
    const page = await events(RICH, { limit: 101 });
    expect(page).toHaveLength(101);
    expect(newestFirst(page)).toBe(true);
    expect(page[0].at).toBe(midnight('2026-11-22'));
    const kinds = new Set((await walk(RICH, 101)).map((e) => e.kind));
    expect([...kinds].sort()).toEqual([
      'ASSESSMENT_COMPLETED',
      'ASSESSMENT_STARTED',
      'CORRECTION',
      'CP_PLAN_ENDED',
      'CP_PLAN_STARTED',
      'LOOKED_AFTER',
      'REFERRAL',
      'REFERRAL_STATUS',
      'SAFEGUARDING_ALERT',
      'SERVICE_ENDED',
      'SERVICE_STARTED',
    ]);
    const cp = (await events(RICH, { kinds: ['CP_PLAN_STARTED'] }))[0];
    expect(cp).toEqual({
      id: 'cp-plan-started:2025-06-30',
      at: midnight('2025-06-30'),
      kind: 'CP_PLAN_STARTED',
      summary: 'Child protection plan started: neglect',
      redacted: false,
      link: 'SocialCareRecord.childProtection',
    });
    const corrections = await events(RICH, { kinds: ['CORRECTION'], limit: 3 });
    expect(corrections.map((c) => [c.id, c.summary])).toEqual([
      ['correction-decided:K7', 'Correction to the telephone number of Grace Okoro (Daughter) rejected'],
      ['correction-decided:K6', 'Correction to the telephone number of Grace Okoro (Daughter) accepted'],
      ['correction-decided:K3', 'Correction to the telephone number of Grace Okoro (Daughter) rejected'],
    ]);
  });

  it('walks 200+ events in pages of 7 with no duplicates and no gaps', async () => {
    const expected = expectedRich();
    expect(expected.length).toBeGreaterThan(200);
    const all = await walk(RICH, 7);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(newestFirst(all)).toBe(true);
    expect(all.map((e) => `${e.at} ${e.kind}`).sort()).toEqual(expected);
  });

  it('filters by kind and by time, and pages within the filter', async () => {
    const kinds = ['REFERRAL_STATUS', 'SAFEGUARDING_ALERT'];
    const only = await walk(RICH, 7, { kinds: [...kinds, 'AE_ATTENDANCE'] });
    expect(only.map((e) => `${e.at} ${e.kind}`).sort()).toEqual(
      expectedRich().filter((e) => kinds.some((k) => e.endsWith(` ${k}`))),
    );

    const from = '2025-06-30T00:00:00.000Z';
    const to = '2026-02-01T00:00:00.000Z';
    const between = await walk(RICH, 7, { from, to });
    expect(between.map((e) => `${e.at} ${e.kind}`).sort()).toEqual(
      expectedRich().filter((e) => e.slice(0, 24) >= from && e.slice(0, 24) <= to),
    );
    expect(await events(RICH, { kinds: [] })).toEqual([]);
    expect(await events(RICH, { kinds: ['ADDRESS_CHANGED'] })).toEqual([]);
  });

  it('refuses a limit outside 1 to 101 and a malformed time, changing nothing', async () => {
    for (const args of [{ limit: 0 }, { limit: 102 }, { beforeAt: 'yesterday' }, { beforeId: 'x' }]) {
      const { body } = await gw.call(http.url, 'social-care', SW, EVENTS_QUERY, {
        r: [{ __typename: 'Person', nhsNumber: RICH }],
        ...args,
      });
      expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('withholds a summary whose underlying field the policy denies, keeping the event', async () => {
    const [started] = await events(
      RICH,
      { kinds: ['ASSESSMENT_STARTED'], limit: 1 },
      { ...SW, policyVersion: 2 },
    );
    expect(started).toMatchObject({ kind: 'ASSESSMENT_STARTED', summary: null, redacted: true });
    expect(started.at).toBe(midnight('2026-11-22'));

    // A GP sees the referrals they can see, not the assessments the seeded policy keeps from them.
    const gp: TestViewer = { role: 'gp', org: PRACTICE };
    const [referral] = await events(RICH, { kinds: ['REFERRAL'], limit: 1 }, gp);
    expect(referral).toMatchObject({ summary: 'Soon referral for home care', redacted: false });
    const [assessment] = await events(RICH, { kinds: ['ASSESSMENT_COMPLETED'], limit: 1 }, gp);
    expect(assessment).toMatchObject({ summary: null, redacted: true });
    const [alert] = await events(RICH, { kinds: ['SAFEGUARDING_ALERT'], limit: 1 }, gp);
    expect(alert).toMatchObject({ summary: null, redacted: true });
  });

  it('reports the summarised fields to the audit, allowed and denied', async () => {
    const gp: TestViewer = { role: 'gp', org: PRACTICE };
    const { body } = await gw.call(http.url, 'social-care', gp, EVENTS_QUERY, {
      r: [{ __typename: 'Person', nhsNumber: RICH }],
      kinds: ['REFERRAL', 'ASSESSMENT_STARTED'],
      limit: 101,
    });
    const [access] = body.extensions?.careAccess as { allowed: string[]; denied: { field: string }[] }[];
    expect(access.allowed).toEqual(expect.arrayContaining(['Referral.service', 'Referral.urgency']));
    expect(access.denied.map((d) => d.field)).toContain('Assessment.kind');
  });

  it('reads the store as often for a person with 2000 events as for one with 20', async () => {
    const readsFor = async (nhsNumber: string) => {
      const before = docs.stats.reads;
      const page = await events(nhsNumber, { limit: 21 });
      expect(page.length).toBeGreaterThan(0);
      return docs.stats.reads - before;
    };
    const small = await readsFor(SMALL);
    const big = await readsFor(BIG);
    expect(big).toBe(small);
    // One read per stream: referrals made, referral changes (settled and straddling), two per
    // section and for corrections, and the client document.
    expect(big).toBe(10);
  });
});
