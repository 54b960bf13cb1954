import type { PolicyDocument } from '@care/common';
import type { TestViewer } from '@care/common/src/testing';
import type { DischargeNoticeDoc } from '../discharge/types';
import type { EncounterDoc, FlagKind } from '../store/port';
import { GP, HealthHarness, putPatient, seededPolicy, SOCIAL_WORKER, testNhs } from '../testing/fixtures';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const RICH = testNhs(800);
const SMALL = testNhs(801);
const BIG = testNhs(802);

/** Few distinct times, so many events share one and the id has to break the tie. */
const INSTANTS = ['2024-01-01T08:00:00.000Z', '2025-06-30T00:00:00.000Z', '2026-11-22T11:59:59.999Z'];
const DAYS = ['2023-05-05', '2025-06-30', '2026-11-22'];
const midnight = (day: string) => `${day}T00:00:00.000Z`;
const KINDS: EncounterDoc['kind'][] = ['AE_ATTENDANCE', 'ADMISSION', 'OUTPATIENT'];
const FLAGS: FlagKind[] = ['FALLS_RISK', 'DEMENTIA', 'OTHER'];

const RICH_ENCOUNTERS: Partial<EncounterDoc>[] = [
  ...Array.from({ length: 100 }, (_, i) => {
    const kind = KINDS[i % 3];
    const start = INSTANTS[i % 3];
    const discharged = kind === 'ADMISSION' && i % 2 === 0;
    return {
      kind,
      start,
      end: discharged ? INSTANTS[(i + 1) % 3] : null,
      status: discharged || kind !== 'ADMISSION' ? ('finished' as const) : ('in-progress' as const),
      reason: 'Fall at home',
    };
  }),
  // Never on a timeline: a cancelled appointment, an entry in error, and one still to come.
  { kind: 'OUTPATIENT', start: INSTANTS[0], status: 'cancelled' },
  { kind: 'AE_ATTENDANCE', start: INSTANTS[0], status: 'entered-in-error' },
  { kind: 'OUTPATIENT', start: '2027-01-01T09:00:00.000Z', end: null, status: 'finished' },
];
const RICH_SECTIONS = {
  encounters: RICH_ENCOUNTERS,
  conditions: Array.from({ length: 50 }, (_, i) => ({ onset: DAYS[i % 3], display: 'Hypertension' })),
  medications: Array.from({ length: 40 }, (_, i) => ({ start: DAYS[(i + 1) % 3] })),
  flags: Array.from({ length: 12 }, (_, i) => ({
    kind: FLAGS[i % 3],
    since: DAYS[i % 3],
    display: 'Needs an interpreter',
    status: i % 4 === 0 ? ('inactive' as const) : ('active' as const),
  })),
};

const RICH_NOTICES: DischargeNoticeDoc[] = Array.from({ length: 10 }, (_, i) => ({
  _id: `N${i}`,
  id: `N${i}`,
  nhsNumber: RICH,
  kind: i % 2 ? 'DISCHARGE' : 'ASSESSMENT',
  hospital: 'Charing Cross Hospital',
  hospitalCode: 'RYJ',
  encounterId: 'enc-1',
  admittedAt: INSTANTS[0],
  plannedDischargeDate: i % 2 ? '2026-11-25' : null,
  notes: null,
  sentBy: 'Dr Ward',
  sentBySub: 'ae.user',
  senderOrg: 'RYJ',
  sentAt: INSTANTS[i % 3],
  borough: 'E09000013',
  acknowledgedBy: null,
  acknowledgedAt: null,
  idempotencyKey: `n-${i}`,
}));

/** What the timeline must hold, worked out from the entries, as (at, kind). */
function expectedRich(): string[] {
  const out: string[] = [];
  const add = (at: string | null | undefined, kind: string) => {
    if (at && at <= NOW.toISOString()) out.push(`${at} ${kind}`);
  };
  for (const e of RICH_ENCOUNTERS) {
    if (e.status === 'cancelled' || e.status === 'entered-in-error') continue;
    add(e.start, e.kind!);
    if (e.kind === 'ADMISSION') add(e.end, 'DISCHARGE');
  }
  for (const c of RICH_SECTIONS.conditions) add(midnight(c.onset), 'CONDITION_RECORDED');
  for (const m of RICH_SECTIONS.medications) add(midnight(m.start), 'MEDICATION_STARTED');
  for (const f of RICH_SECTIONS.flags) add(midnight(f.since), 'FLAG_RAISED');
  for (const n of RICH_NOTICES) add(n.sentAt, 'DISCHARGE_NOTICE');
  return out.sort();
}

const EVENTS_QUERY = `query($r:[_Any!]!, $beforeAt: String, $beforeId: ID, $limit: Int, $kinds: [String!], $from: String, $to: String) {
  _entities(representations: $r) { ... on Person {
    healthEvents(beforeAt: $beforeAt, beforeId: $beforeId, limit: $limit, kinds: $kinds, from: $from, to: $to) {
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

/** The seeded health policy, with the events granted as the gateway's default policy grants them. */
function policy(): PolicyDocument {
  const fields = structuredClone(seededPolicy().fields);
  const event = ['id', 'at', 'kind', 'summary', 'redacted', 'link'].map((f) => `HealthEvent.${f}`);
  for (const c of ['Person.healthEvents', ...event]) {
    fields[c] = {
      cells: {
        gp: { access: 'related' },
        social_worker: { access: 'related', consent: 'health_to_social_care' },
      },
    };
  }
  return { fields };
}

describe('health timeline events', () => {
  let h: HealthHarness;

  beforeAll(async () => {
    h = await HealthHarness.start(() => NOW);
    h.gw.governance.policies.set(1, policy());
    await putPatient(h.health, RICH, {}, RICH_SECTIONS);
    await h.store.collection<DischargeNoticeDoc>('dischargeNotices').insertMany(RICH_NOTICES);
    await putPatient(h.health, SMALL, {}, { conditions: Array.from({ length: 20 }, () => ({})) });
    await putPatient(
      h.health,
      BIG,
      {},
      {
        encounters: Array.from({ length: 1000 }, (_, i) => ({
          kind: 'ADMISSION' as const,
          start: new Date(Date.parse('2020-01-01T00:00:00.000Z') + i * 86_400_000).toISOString(),
          end: new Date(Date.parse('2020-01-02T00:00:00.000Z') + i * 86_400_000).toISOString(),
        })),
      },
    );
    for (const nhsNumber of [RICH, SMALL, BIG]) {
      h.gw.governance.setFacts({
        nhsNumber,
        gpPractice: GP.org,
        borough: SOCIAL_WORKER.org,
        consents: [{ flow: 'health_to_social_care', state: 'active' }],
      });
    }
  });
  afterAll(() => h.stop());

  async function events(
    nhsNumber: string,
    args: Record<string, unknown> = {},
    viewer: TestViewer = GP,
  ): Promise<Event[]> {
    const { body } = await h.call(viewer, EVENTS_QUERY, {
      r: [{ __typename: 'Person', nhsNumber }],
      ...args,
    });
    expect(body.errors).toBeUndefined();
    return (body.data?._entities as { healthEvents: Event[] }[])[0].healthEvents;
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
      all.push(...page);
      if (page.length < limit) return all;
    }
  }

  const newestFirst = (list: Event[]) =>
    list.every(
      (e, i) => i === 0 || e.at < list[i - 1].at || (e.at === list[i - 1].at && e.id < list[i - 1].id),
    );

  it('lists newest first by time then id, leaving out cancelled, erroneous and future entries', async () => {
    const page = await events(RICH, { limit: 101 });
    expect(page).toHaveLength(101);
    expect(newestFirst(page)).toBe(true);
    expect(page[0].at).toBe('2026-11-22T11:59:59.999Z');
    const [ae] = await events(RICH, { kinds: ['AE_ATTENDANCE'], limit: 1 });
    expect(ae).toMatchObject({
      kind: 'AE_ATTENDANCE',
      summary: 'A&E attendance at Charing Cross Hospital: Fall at home',
      redacted: false,
    });
    expect(ae.link).toBe(`HealthRecord.encounters#${ae.id.replace('encounter:', '')}`);
    const notices = await events(RICH, { kinds: ['DISCHARGE_NOTICE'], limit: 2 });
    expect(notices.map((n) => [n.id, n.summary])).toEqual([
      ['discharge-notice:N8', 'Assessment notice sent to social care by Charing Cross Hospital'],
      [
        'discharge-notice:N5',
        'Discharge notice sent to social care by Charing Cross Hospital: planned discharge 2026-11-25',
      ],
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

  it('filters by kind and by time', async () => {
    const kinds = ['DISCHARGE', 'FLAG_RAISED'];
    const only = await walk(RICH, 7, { kinds: [...kinds, 'REFERRAL'] });
    expect(only.map((e) => `${e.at} ${e.kind}`).sort()).toEqual(
      expectedRich().filter((e) => kinds.some((k) => e.endsWith(` ${k}`))),
    );
    const from = '2025-06-30T00:00:00.000Z';
    const to = '2026-01-01';
    const between = await walk(RICH, 7, { from, to });
    expect(between.length).toBeGreaterThan(0);
    expect(between.map((e) => `${e.at} ${e.kind}`).sort()).toEqual(
      expectedRich().filter((e) => e.slice(0, 24) >= from && e.slice(0, 24) <= '2026-01-01T00:00:00.000Z'),
    );
  });

  it('shows social care where and when, withholding what the policy keeps clinical', async () => {
    const sw = (kinds: string[]) => events(RICH, { kinds, limit: 1 }, SOCIAL_WORKER);
    expect((await sw(['AE_ATTENDANCE']))[0]).toMatchObject({
      summary: 'A&E attendance at Charing Cross Hospital',
      redacted: false,
    });
    expect((await sw(['CONDITION_RECORDED']))[0]).toMatchObject({ summary: null, redacted: true });
    expect((await sw(['MEDICATION_STARTED']))[0]).toMatchObject({ summary: null, redacted: true });
    const flags = await events(RICH, { kinds: ['FLAG_RAISED'], limit: 12 }, SOCIAL_WORKER);
    expect(flags.find((f) => f.summary === 'Flag raised: at risk of falls')).toBeDefined();
    expect(flags.find((f) => f.summary === 'Flag raised: dementia')).toBeDefined();
    // Flags outside the four social care is told about are worded by the clinical flag itself.
    expect(flags.filter((f) => f.redacted)).toHaveLength(4);
    expect((await events(RICH, { kinds: ['CONDITION_RECORDED'], limit: 1 }))[0].summary).toBe(
      'Condition: Hypertension',
    );
  });

  it('reads the store as often for a person with 2000 events as for one with 20', async () => {
    const readsFor = async (nhsNumber: string) => {
      const before = h.store.stats.reads;
      expect((await events(nhsNumber)).length).toBe(nhsNumber === SMALL ? 20 : 21);
      return h.store.stats.reads - before;
    };
    const small = await readsFor(SMALL);
    const big = await readsFor(BIG);
    expect(big).toBe(small);
    // Encounters by start and by end, conditions, medications, flags, discharge notices.
    expect(big).toBe(6);
  });
});
