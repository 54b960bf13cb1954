import {
  NedbStore,
  nhsCheckDigit,
  type Listening,
  type PolicyDocument,
  type SubgraphService,
} from '@care/common';
import { grantAll, TestGateway, type TestViewer } from '@care/common/src/testing';
import { createCouncilSubgraph } from '../index';
import { CouncilDocStore } from '../store/doc-store';
import type { AddressDoc, ResidentDoc } from '../store/port';

const COUNCIL = 'E09000013';
const NOW = new Date('2026-11-22T10:00:00.000Z');

function nhs(i: number): string {
  for (let n = i * 10; ; n++) {
    const firstNine = `999${String(n).padStart(6, '0')}`;
    const check = nhsCheckDigit(firstNine);
    if (check !== null) return `${firstNine}${check}`;
  }
}

const RICH = nhs(900);
const SMALL = nhs(901);
const BIG = nhs(902);

/** Few distinct days, so many events share a time and the id has to break the tie. */
const DAYS = ['2001-01-01', '2015-06-30', '2024-04-01', '2026-11-22'];
const midnight = (day: string) => `${day}T00:00:00.000Z`;

const addresses = (count: number, days = DAYS): AddressDoc[] =>
  Array.from({ length: count }, (_, i) => ({
    line: `${i + 1} Askew Road`,
    postcode: `W12 ${i}AA`,
    uprn: null,
    from: days[i % days.length],
    to: null,
  }));

function resident(nhsNumber: string, over: Partial<ResidentDoc> = {}): ResidentDoc {
  return {
    _id: `C-${nhsNumber}`,
    councilId: `C-${nhsNumber}`,
    nhsNumber,
    councilCode: COUNCIL,
    councilName: 'Hammersmith & Fulham',
    givenName: 'Ada',
    familyName: 'Okoro',
    dateOfBirth: '1941-03-02',
    addressHistory: [],
    housing: null,
    housingBenefit: null,
    councilTaxSupport: null,
    ...over,
  };
}

const RICH_RESIDENT = resident(RICH, {
  addressHistory: [...addresses(150), { ...addresses(1)[0], postcode: 'W6 0XX', from: '2027-03-01' }],
  housing: {
    tenure: 'COUNCIL_TENANT',
    landlord: 'LBHF',
    adaptations: Array.from({ length: 60 }, (_, i) => ({
      description: i % 2 ? 'Grab rails by the front door' : 'Level-access shower',
      completedOn: i % 7 === 0 ? null : DAYS[i % DAYS.length],
      disabledFacilitiesGrant: true,
    })),
  },
  housingBenefit: {
    claimReference: 'HB1',
    status: 'active',
    weeklyAward: 120.5,
    awardStart: '2024-04-01',
    incomeStatement: {
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
      sources: [{ kind: 'State Pension', weeklyAmount: 221.2 }],
      totalWeekly: 221.2,
      capital: 1200,
      verifiedOn: '2026-04-10',
    },
  },
});

function expectedRich(): string[] {
  const out: string[] = [];
  const add = (day: string | null | undefined, kind: string) => {
    if (day && midnight(day) <= NOW.toISOString()) out.push(`${midnight(day)} ${kind}`);
  };
  for (const a of RICH_RESIDENT.addressHistory) add(a.from, 'ADDRESS_CHANGED');
  for (const a of RICH_RESIDENT.housing!.adaptations) add(a.completedOn, 'ADAPTATION_COMPLETED');
  add('2024-04-01', 'HOUSING_BENEFIT_AWARDED');
  add('2026-04-10', 'INCOME_VERIFIED');
  return out.sort();
}

const EVENTS_QUERY = `query($r:[_Any!]!, $beforeAt: String, $beforeId: ID, $limit: Int, $kinds: [String!], $from: String, $to: String) {
  _entities(representations: $r) { ... on Person {
    councilEvents(beforeAt: $beforeAt, beforeId: $beforeId, limit: $limit, kinds: $kinds, from: $from, to: $to) {
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

const EVENT_FIELDS = ['Person.councilEvents', 'id', 'at', 'kind', 'summary', 'redacted', 'link'].map((f) =>
  f.includes('.') ? f : `CouncilEvent.${f}`,
);

/** Housing officers see the record; financial officers the benefit, with consent (as the default policy). */
function policy(): PolicyDocument {
  const officer = grantAll(
    [
      ...EVENT_FIELDS,
      'Address.line',
      'Address.postcode',
      'HousingBenefit.weeklyAward',
      'IncomeStatement.totalWeekly',
      'HomeAdaptation.description',
    ],
    ['housing_officer'],
    'related',
  );
  for (const c of [...EVENT_FIELDS, 'HousingBenefit.weeklyAward', 'IncomeStatement.totalWeekly']) {
    officer.fields[c].cells.financial_officer = {
      access: 'related',
      consent: 'council_benefit_to_social_care',
    };
  }
  return officer;
}

const OFFICER: TestViewer = { role: 'housing_officer', org: COUNCIL };

describe('council timeline events', () => {
  let gw: TestGateway;
  let docs: NedbStore;
  let svc: SubgraphService;
  let http: Listening;

  beforeAll(async () => {
    gw = await TestGateway.create();
    docs = new NedbStore(null);
    await new CouncilDocStore(docs).putResidents([
      RICH_RESIDENT,
      resident(SMALL, { addressHistory: addresses(20) }),
      resident(BIG, { addressHistory: addresses(2000, ['2010-01-01']) }),
    ]);
    svc = await createCouncilSubgraph(
      docs,
      gw.runtime(() => NOW),
    );
    http = await svc.listen(0);
    gw.governance.policies.set(1, policy());
    for (const nhsNumber of [RICH, SMALL, BIG]) {
      gw.governance.setFacts({
        nhsNumber,
        councilArea: COUNCIL,
        borough: COUNCIL,
        consents: [{ flow: 'council_benefit_to_social_care', state: 'active' }],
      });
    }
  });
  afterAll(() => svc.stop());

  async function events(
    nhsNumber: string,
    args: Record<string, unknown> = {},
    viewer: TestViewer = OFFICER,
  ): Promise<Event[]> {
    const { body } = await gw.call(http.url, 'council', viewer, EVENTS_QUERY, {
      r: [{ __typename: 'Person', nhsNumber }],
      ...args,
    });
    expect(body.errors).toBeUndefined();
    return (body.data?._entities as { councilEvents: Event[] }[])[0].councilEvents;
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

  it('lists every kind newest first, with summaries and links', async () => {
    const page = await events(RICH, { limit: 101 });
    expect(page).toHaveLength(101);
    expect(newestFirst(page)).toBe(true);
    const [benefit] = await events(RICH, { kinds: ['HOUSING_BENEFIT_AWARDED'] });
    expect(benefit).toEqual({
      id: 'housing-benefit:HB1',
      at: midnight('2024-04-01'),
      kind: 'HOUSING_BENEFIT_AWARDED',
      summary: 'Housing benefit awarded: £120.50 a week',
      redacted: false,
      link: 'CouncilRecord.housingBenefit#HB1',
    });
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
    const only = await walk(RICH, 7, { kinds: ['INCOME_VERIFIED', 'ADAPTATION_COMPLETED', 'DISCHARGE'] });
    expect(only.map((e) => `${e.at} ${e.kind}`).sort()).toEqual(
      expectedRich().filter((e) => e.endsWith(' INCOME_VERIFIED') || e.endsWith(' ADAPTATION_COMPLETED')),
    );
    const between = await walk(RICH, 7, { from: '2015-06-30', to: '2024-04-01T00:00:00.000Z' });
    expect(between.map((e) => `${e.at} ${e.kind}`).sort()).toEqual(
      expectedRich().filter((e) => e >= midnight('2015-06-30') && e.slice(0, 24) <= midnight('2024-04-01')),
    );
  });

  it('withholds summaries of what a financial officer may not see', async () => {
    const fo: TestViewer = { role: 'financial_officer', org: COUNCIL };
    const [address] = await events(RICH, { kinds: ['ADDRESS_CHANGED'], limit: 1 }, fo);
    expect(address).toMatchObject({ kind: 'ADDRESS_CHANGED', summary: null, redacted: true });
    const [income] = await events(RICH, { kinds: ['INCOME_VERIFIED'] }, fo);
    expect(income).toMatchObject({ summary: 'Income statement verified: £221.20 a week', redacted: false });
  });

  it('reads the store as often for a person with 2000 events as for one with 20', async () => {
    const readsFor = async (nhsNumber: string) => {
      const before = docs.stats.reads;
      expect(await events(nhsNumber)).toHaveLength(nhsNumber === SMALL ? 20 : 21);
      return docs.stats.reads - before;
    };
    const small = await readsFor(SMALL);
    expect(await readsFor(BIG)).toBe(small);
    expect(small).toBe(1);
  });
});
