import {
  generatePopulation,
  NedbStore,
  type PersonRegistration,
  type RegistrationResult,
} from '@care/common';
import { deriveSocialCare, seedSocialCare } from '../seed';
import { SocialCareDocStore } from '../store/doc-store';
import { HF, KC, nhs } from '../testing/fixtures';
import { csvLine } from './csv';
import { CldImporter } from './importer';
import { boroughCld } from './seed-export';
import { REQUIRED_COLUMNS } from './vocabulary';

const NOW = new Date('2026-11-22T10:00:00Z');
const HEADER = [...REQUIRED_COLUMNS, 'Service_Description', 'Gender'];

type Row = Partial<Record<(typeof HEADER)[number], string>>;

const base: Row = {
  LA_Code: HF,
  LA_Person_Unique_Identifier: 'HF900001',
  NHS_Number: nhs(41),
  First_Name: 'Ada',
  Last_Name: 'Okoro',
  Date_of_Birth: '1941-03-02',
  Primary_Support_Reason: 'Physical Support: Personal Care Support',
};
const service = (ref: string, extra: Row = {}): Row => ({
  ...base,
  Event_Type: 'Service',
  Event_Reference: ref,
  Event_Start_Date: '2026-01-05',
  Service_Type: 'Long Term Support: Community',
  Service_Component: 'Home Support',
  ...extra,
});
const csv = (rows: (Row | string)[], header: readonly string[] = HEADER) =>
  [
    csvLine(header),
    ...rows.map((r) => (typeof r === 'string' ? r : csvLine(header.map((h) => r[h as keyof Row] ?? '')))),
  ].join('\r\n');

function harness() {
  const store = new NedbStore(null);
  const socialCare = new SocialCareDocStore(store);
  const registered: PersonRegistration[] = [];
  const registerPeople = async (entries: PersonRegistration[]): Promise<RegistrationResult> => {
    registered.push(...entries);
    return {
      linked: entries.flatMap((e) => (e.nhsNumber ? [e.nhsNumber] : [])),
      held: entries.filter((e) => !e.nhsNumber).map((e) => ({ localId: e.localId, reason: 'no NHS number' })),
    };
  };
  const importer = new CldImporter(socialCare, store);
  return {
    store,
    socialCare,
    registered,
    load: (text: string, mode: 'ALL_OR_NOTHING' | 'GOOD_ROWS', onlyLa: string | null = null) =>
      importer.import(text, mode, { now: NOW, onlyLa, registerPeople }),
    async dump() {
      const out: Record<string, unknown[]> = {};
      for (const c of ['clients', 'assessments', 'services', 'referrals']) {
        out[c] = await store.collection(c).find({}, { sort: { _id: 1 } });
      }
      return out;
    },
  };
}

/** Good rows on lines 2 and 4 (a quoted description spans lines 4-5); every other row is bad. */
const MIXED = csv([
  service('EV-1'),
  service('EV-2', { NHS_Number: '9990000019', Event_Start_Date: '2026-02-31' }),
  service('EV-3', { Service_Description: 'Two visits a day,\nmorning and evening' }),
  service('EV-4', { Event_Type: 'Visit' }),
  'E09000013,HF900001,too,few',
  service('EV-5', { Service_Component: '' }),
  service('EV-6', { Event_Start_Date: '2026-03-01', Event_End_Date: '2026-02-01' }),
  service('EV-7', { Date_of_Birth: '1941-03-03' }),
  service('EV-1', { Event_Start_Date: '2026-01-06' }),
]);

const MIXED_PROBLEMS = [
  {
    line: 3,
    column: 'NHS_Number',
    message: '9990000019 is not a valid NHS number (10 digits, modulus 11 check digit)',
  },
  { line: 3, column: 'Event_Start_Date', message: '2026-02-31 is not a date (YYYY-MM-DD or DD/MM/YYYY)' },
  { line: 6, column: 'Event_Type', message: 'Visit is not one of Request, Assessment, Service, Review' },
  { line: 7, column: null, message: 'has 4 fields where the header has 16' },
  {
    line: 8,
    column: 'Service_Component',
    message: expect.stringMatching(/^\(blank\) is not one of Home Support/),
  },
  { line: 9, column: 'Event_End_Date', message: '2026-02-01 is before the start date 2026-03-01' },
  { line: 10, column: null, message: "the person's dateOfBirth differs from line 2 for HF900001" },
  { line: 11, column: 'Event_Reference', message: 'EV-1 is already used by line 2 for a different event' },
];

describe('Client Level Data import', () => {
  it('reports every bad row by line and column, and loads nothing when asked for all or nothing', async () => {
    const h = harness();
    const out = await h.load(MIXED, 'ALL_OR_NOTHING');
    expect(out).toMatchObject({ loaded: false, rows: 9, loadedRows: 0, ignoredColumns: ['Gender'] });
    expect(out.badRows).toEqual(MIXED_PROBLEMS);
    expect(await h.dump()).toEqual(await harness().dump());
    expect(h.registered).toEqual([]);
  });

  it('loads the good rows together and reports the same bad rows when asked for the good rows', async () => {
    const h = harness();
    const out = await h.load(MIXED, 'GOOD_ROWS');
    expect(out).toMatchObject({ loaded: true, rows: 9, loadedRows: 2, clientsCreated: 1, services: 2 });
    expect(out.badRows).toEqual(MIXED_PROBLEMS);
    const stored = await h.dump();
    expect(stored.clients).toMatchObject([
      { clientId: 'HF900001', nhsNumber: nhs(41), borough: HF, caseStatus: 'REVIEW', givenName: 'Ada' },
    ]);
    expect(stored.services).toMatchObject([
      { _id: 'EV-1', kind: 'HOME_CARE', status: 'active', clientId: 'HF900001', nhsNumber: nhs(41) },
      { _id: 'EV-3', description: 'Two visits a day,\nmorning and evening' },
    ]);
    expect(h.registered).toEqual([
      expect.objectContaining({
        source: 'SOCIAL_CARE',
        nhsNumber: nhs(41),
        localId: 'HF900001',
        borough: HF,
      }),
    ]);
    // The same file again: the same good rows, nothing new.
    await h.load(MIXED, 'GOOD_ROWS');
    expect(await h.dump()).toEqual(stored);
  });

  it('refuses a file without the CLD columns it needs, naming them', async () => {
    const h = harness();
    const out = await h.load(
      csv(
        [service('EV-1')],
        HEADER.filter((c) => c !== 'Event_Type' && c !== 'LA_Code'),
      ),
      'GOOD_ROWS',
    );
    expect(out).toMatchObject({
      loaded: false,
      fileProblems: ['required columns missing: LA_Code, Event_Type'],
    });
    expect((await h.load('LA_Code\r\n"unclosed', 'GOOD_ROWS')).fileProblems).toEqual([
      'line 2: a quoted field is never closed',
    ]);
  });

  it('maps requests, assessments and reviews, and holds a person without an NHS number for matching', async () => {
    const h = harness();
    const request = { ...base, Event_Type: 'Request', Event_Start_Date: '2026-11-01' };
    const out = await h.load(
      csv([
        { ...request, Event_Reference: 'RQ-1' },
        {
          ...request,
          Event_Reference: 'RQ-2',
          Event_End_Date: '2026-11-10',
          Event_Outcome: 'NFA - Support declined',
        },
        {
          ...request,
          Event_Reference: 'RQ-3',
          Event_End_Date: '2026-11-10',
          Event_Outcome: 'Progress to Assessment',
        },
        {
          ...base,
          Event_Type: 'Assessment',
          Event_Reference: 'AS-1',
          Event_Start_Date: '2026-11-12',
          Event_End_Date: '2026-11-20',
          Event_Outcome: 'Eligible needs',
        },
        {
          ...base,
          Event_Type: 'Review',
          Event_Reference: 'RV-1',
          Event_Start_Date: '2026-11-21',
          Event_End_Date: '2026-11-21',
          Event_Outcome: 'No change in package',
        },
        {
          ...request,
          LA_Person_Unique_Identifier: 'HF900002',
          NHS_Number: '',
          First_Name: 'Ben',
          Event_Reference: 'RQ-4',
        },
        {
          ...base,
          LA_Person_Unique_Identifier: 'HF900002',
          NHS_Number: '',
          First_Name: 'Ben',
          Event_Type: 'Assessment',
          Event_Reference: 'AS-2',
          Event_Start_Date: '2026-12-01',
        },
      ]),
      'ALL_OR_NOTHING',
    );
    expect(out).toMatchObject({
      loaded: true,
      badRows: [],
      referrals: 3,
      assessments: 2,
      reviews: 1,
      notAttached: 1,
      clientsCreated: 2,
    });
    expect(out.held).toEqual([{ localId: 'HF900002', reason: 'no NHS number' }]);
    const stored = await h.dump();
    expect(stored.referrals).toMatchObject([
      {
        _id: 'RQ-1',
        status: 'RECEIVED',
        borough: HF,
        nhsNumber: nhs(41),
        createdAt: '2026-11-01T00:00:00.000Z',
      },
      {
        _id: 'RQ-2',
        status: 'CLOSED',
        history: [{ status: 'RECEIVED' }, { status: 'CLOSED', reason: 'NFA - Support declined' }],
      },
      { _id: 'RQ-3', status: 'ASSESSMENT_BOOKED', updatedAt: '2026-11-10T00:00:00.000Z' },
    ]);
    expect(stored.assessments).toMatchObject([
      {
        _id: 'AS-1',
        kind: 'NEEDS',
        status: 'complete',
        completedOn: '2026-11-20',
        outcome: 'Eligible needs',
      },
      { _id: 'AS-2', status: 'booked', nhsNumber: null, clientId: 'HF900002' },
      { _id: 'RV-1', outcome: 'Review: No change in package' },
    ]);
    expect(stored.clients).toMatchObject([
      { clientId: 'HF900001', caseStatus: 'AWAITING_ALLOCATION' },
      { clientId: 'HF900002', nhsNumber: null, caseStatus: 'AWAITING_ALLOCATION' },
    ]);
  });

  it("lets a social worker load only their own authority's rows, and never relinks a client", async () => {
    const h = harness();
    await h.load(csv([service('EV-1')]), 'ALL_OR_NOTHING');
    const out = await h.load(
      csv([
        service('EV-2', { LA_Code: KC, LA_Person_Unique_Identifier: 'KC1' }),
        service('EV-3', { NHS_Number: nhs(42) }),
        service('EV-1', { LA_Person_Unique_Identifier: 'HF900009' }),
      ]),
      'GOOD_ROWS',
      HF,
    );
    expect(out.badRows).toEqual([
      {
        line: 2,
        column: 'LA_Code',
        message: `${KC} is not your local authority (${HF}): only its own rows may be loaded`,
      },
      {
        line: 3,
        column: 'NHS_Number',
        message: `HF900001 is held with NHS number ${nhs(41)}, not ${nhs(42)}`,
      },
      {
        line: 4,
        column: 'NHS_Number',
        message: `${nhs(41)} is already held as client HF900001: load the person's rows under that id`,
      },
    ]);
    expect(out.loaded).toBe(false);
  });

  it('makes one client of one NHS number within a file too', async () => {
    const h = harness();
    const out = await h.load(
      csv([
        service('EV-1', { LA_Person_Unique_Identifier: 'HF1', NHS_Number: nhs(44) }),
        service('EV-2', { LA_Person_Unique_Identifier: 'HF2', NHS_Number: nhs(44) }),
      ]),
      'GOOD_ROWS',
      HF,
    );
    expect(out.badRows).toEqual([
      {
        line: 3,
        column: 'NHS_Number',
        message: `${nhs(44)} is already held as client HF1: load the person's rows under that id`,
      },
    ]);
    expect(await h.store.collection('clients').count({ nhsNumber: nhs(44) })).toBe(1);
  });

  it("never takes another authority's client, and names neither the authority nor its ids", async () => {
    const h = harness();
    await h.load(
      csv([service('KC-EV-1', { LA_Code: KC, LA_Person_Unique_Identifier: 'KC1', NHS_Number: nhs(43) })]),
      'ALL_OR_NOTHING',
    );
    const before = await h.dump();
    const registeredBefore = h.registered.length;
    const out = await h.load(
      csv([
        // The other authority's client under a new id of ours, and under their own id.
        service('EV-1', { LA_Person_Unique_Identifier: 'HF900777', NHS_Number: nhs(43) }),
        service('EV-2', { LA_Person_Unique_Identifier: 'KC1', NHS_Number: nhs(43) }),
      ]),
      'ALL_OR_NOTHING',
      HF,
    );
    expect(out.loaded).toBe(false);
    expect(out.badRows).toEqual([
      {
        line: 2,
        column: 'NHS_Number',
        message: `${nhs(43)} cannot be loaded under a new client id: a person held elsewhere moves by a record transfer, and one held for matching is confirmed in the person index`,
      },
      {
        line: 3,
        column: 'LA_Person_Unique_Identifier',
        message: 'KC1 is not a client id of your authority',
      },
    ]);
    expect(JSON.stringify(out)).not.toContain(KC);
    expect(JSON.stringify(out)).not.toMatch(/another local authority/);
    expect(await h.dump()).toEqual(before);
    expect(h.registered).toHaveLength(registeredBefore);
  });
});

describe('the synthetic borough exported as Client Level Data and loaded again', () => {
  const population = generatePopulation({ people: 300, today: '2026-11-22' });
  const seed = deriveSocialCare(population);
  const file = boroughCld(population);

  it('loads into an empty store with every event the seed holds', async () => {
    const h = harness();
    const out = await h.load(file, 'ALL_OR_NOTHING');
    expect(out.badRows).toEqual([]);
    const withEvents = new Set([...seed.assessments, ...seed.services].map((e) => e.clientId));
    const referred = new Set(seed.referrals.map((r) => r.nhsNumber));
    const clients = seed.clients.filter(
      (c) => withEvents.has(c.clientId) || (c.nhsNumber && referred.has(c.nhsNumber)),
    );
    expect(out).toMatchObject({
      rows: seed.assessments.length + seed.services.length + seed.referrals.length,
      clientsCreated: clients.length,
      assessments: seed.assessments.length,
      services: seed.services.length,
      referrals: seed.referrals.length,
    });
    expect(out.held).toHaveLength(clients.filter((c) => !c.nhsNumber).length);
    const stored = await h.dump();
    const sorted = <T extends { _id: string }>(d: T[]) => [...d].sort((a, b) => (a._id < b._id ? -1 : 1));
    expect(stored.assessments).toEqual(sorted(seed.assessments));
    expect(stored.services).toEqual(sorted(seed.services));
  });

  it('changes nothing when loaded into the borough it came from', async () => {
    const h = harness();
    await seedSocialCare(h.store, population);
    const before = await h.dump();
    const out = await h.load(file, 'ALL_OR_NOTHING');
    expect(out).toMatchObject({ badRows: [], clientsCreated: 0, unchangedReferrals: seed.referrals.length });
    expect(await h.dump()).toEqual(before);
  });
});
