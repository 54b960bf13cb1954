import { deniedFields, findPerson } from './support/people';
import { Stack } from './support/stack';

const HF = 'E09000013';
const RICHFORD = 'E85001';
const SEARCH = `query Search($n: NhsNumber, $name: String, $dob: String, $pc: String) {
  searchPeople(nhsNumber: $n, name: $name, dateOfBirth: $dob, postcode: $pc) { nhsNumber givenName familyName knownTo score }
}`;
type Hit = { nhsNumber: string; givenName: string; familyName: string; knownTo: string[]; score: number };

describe('finding a person and the person index', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ people: 500 });
  });
  afterAll(() => stack.stop());

  const search = async (role: string, v: Record<string, unknown>) =>
    (await stack.as(role)).request<{ searchPeople: Hit[] }>(SEARCH, v);

  it('finds a patient by NHS number for their GP, and returns nobody to a GP without a relationship', async () => {
    const mine = await findPerson(stack, { knownTo: ['HEALTH'], gpPractice: RICHFORD });
    const r = await search('gp', { n: mine });
    expect(r.data?.searchPeople).toEqual([
      expect.objectContaining({ nhsNumber: mine, knownTo: expect.arrayContaining(['HEALTH']) }),
    ]);
    const notMine = await findPerson(stack, { knownTo: ['HEALTH'], notGpPractice: RICHFORD });
    expect((await search('gp', { n: notMine })).data?.searchPeople).toEqual([]);
  });

  it('matches names forgivingly: case, accents, hyphens and nicknames, with the date of birth', async () => {
    const nhs = await findPerson(stack, { knownTo: ['HEALTH'], gpPractice: RICHFORD });
    const p = (await stack.governance.persons.findOne({ _id: nhs }))!;
    const tries = [
      `${p.givenName} ${p.familyName}`.toUpperCase(),
      p.familyName.toLowerCase(),
      `${p.givenName.normalize('NFKD')} ${p.familyName}`.replace(/e/g, 'é'),
      p.familyName.replace(/ /g, '-'),
    ];
    for (const name of tries) {
      const hits = (await search('gp', { name, dob: p.dateOfBirth })).data?.searchPeople ?? [];
      expect(hits.map((h) => h.nhsNumber)).toContain(nhs);
    }
    // Nicknames: a William can be found as Bill (the person index is edited to have one).
    await stack.governance.persons.updateOne(
      { _id: nhs },
      {
        $set: {
          givenName: 'William',
          nameKeys: ['william', ...p.nameKeys.filter((k) => k !== p.givenName.toLowerCase())],
        },
      },
    );
    const bill =
      (await search('gp', { name: `Bill ${p.familyName}`, dob: p.dateOfBirth })).data?.searchPeople ?? [];
    expect(bill.map((h) => h.nhsNumber)).toContain(nhs);
    // The postcode narrows a name search.
    expect(
      (await search('gp', { name: p.familyName, dob: p.dateOfBirth, pc: 'ZZ9 9ZZ' })).data?.searchPeople,
    ).toEqual([]);
  });

  it('asks for a date of birth with a name, and rejects bad input clearly', async () => {
    const r = await search('gp', { name: 'Smith' });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const bad = await search('gp', { n: '9990000019' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets unscheduled care find only people it declared present', async () => {
    const nhs = await findPerson(stack, { knownTo: ['HEALTH'], gpPractice: RICHFORD });
    expect((await search('ae_clinician', { n: nhs })).data?.searchPeople).toEqual([]);
    const ae = await stack.as('ae_clinician');
    await ae.request(
      'mutation($n: NhsNumber!){ declarePresence(nhsNumber:$n, location:"Resus 1"){ until } }',
      { n: nhs },
    );
    expect((await search('ae_clinician', { n: nhs })).data?.searchPeople).toHaveLength(1);
  });

  it('holds local records without an NHS number, and an admin confirms a match that then shows everywhere at once', async () => {
    const admin = await stack.as('ig_admin');
    const queue = await admin.request<{
      matchQueue: { id: string; source: string; localId: string; reason: string }[];
    }>('{ matchQueue { id source localId reason candidates { nhsNumber score } } }');
    const held = queue.data!.matchQueue.find(
      (m) =>
        m.source === 'SOCIAL_CARE' &&
        stack.seed.population.people.find((p) => p.socialCareClientId === m.localId)?.borough === HF,
    );
    expect(held?.reason).toBe('no NHS number on the local record');
    const client = stack.seed.population.people.find((p) => p.socialCareClientId === held!.localId)!;
    // The admin has established who this is: a person health knows in the same borough, new to social care.
    const target = await findPerson(stack, {
      knownTo: ['HEALTH'],
      notKnownTo: ['SOCIAL_CARE'],
      gpPractice: RICHFORD,
    });
    const targetDoc = (await stack.governance.persons.findOne({ _id: target }))!;
    expect(targetDoc.knownTo).not.toContain('SOCIAL_CARE');

    const sw = await stack.as('social_worker');
    const RECORD = 'query($n: NhsNumber!){ person(nhsNumber:$n){ socialCare { clientId } } }';
    expect(deniedFields((await sw.request(RECORD, { n: target })).errors)['Query.person']).toBe(
      'relationship',
    );

    const confirmed = await admin.request<{ confirmMatch: { status: string; linkedTo: string } }>(
      'mutation($id:ID!,$n:NhsNumber!){ confirmMatch(id:$id, nhsNumber:$n){ status linkedTo } }',
      { id: held!.id, n: target },
    );
    expect(confirmed.data?.confirmMatch).toEqual({ status: 'CONFIRMED', linkedTo: target });
    const after = await sw.request<{ person: { socialCare: { clientId: string } } }>(RECORD, { n: target });
    expect(after.errors).toBeUndefined();
    expect(after.data?.person.socialCare.clientId).toBe(client.socialCareClientId);
    const again = await admin.request(
      'mutation($id:ID!,$n:NhsNumber!){ confirmMatch(id:$id, nhsNumber:$n){ status } }',
      { id: held!.id, n: target },
    );
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('rejects a match with a reason and links nothing', async () => {
    const admin = await stack.as('ig_admin');
    const queue = await admin.request<{ matchQueue: { id: string; localId: string }[] }>(
      '{ matchQueue { id localId } }',
    );
    const held = queue.data!.matchQueue[0];
    const before = await stack.governance.persons.count({});
    const r = await admin.request<{ rejectMatch: { status: string } }>(
      'mutation($id:ID!){ rejectMatch(id:$id, reason:"Different person: checked with the GP"){ status } }',
      { id: held.id },
    );
    expect(r.data?.rejectMatch.status).toBe('REJECTED');
    expect(await stack.governance.persons.count({})).toBe(before);
    const open = await admin.request<{ matchQueue: { id: string }[] }>('{ matchQueue { id } }');
    expect(open.data?.matchQueue.map((m) => m.id)).not.toContain(held.id);
  });

  it('never links on weak evidence: same NHS number, different demographics, is held', async () => {
    const nhs = await findPerson(stack, { knownTo: ['HEALTH'], gpPractice: RICHFORD });
    const result = await stack.gateway.services.index.register(
      [
        {
          source: 'COUNCIL',
          nhsNumber: nhs,
          localId: 'C9999999',
          givenName: 'Zebedee',
          familyName: 'Quinton',
          dateOfBirth: '1901-01-01',
          postcode: null,
          councilArea: HF,
        },
      ],
      new Date(),
    );
    expect(result.linked).toEqual([]);
    expect(result.held[0].reason).toBe('demographics disagree');
    const doc = await stack.governance.persons.findOne({ _id: nhs });
    expect(doc?.knownTo).not.toContain('COUNCIL');
    expect(await stack.governance.matches.count({ key: 'COUNCIL:C9999999', status: 'OPEN' })).toBe(1);

    // A caller that undoes an unlinked record itself (a transfer import) has nothing queued.
    const unqueued = await stack.gateway.services.index.register(
      [
        {
          source: 'SOCIAL_CARE',
          nhsNumber: nhs,
          localId: 'ELSID-UNDONE',
          givenName: 'Zebedee',
          familyName: 'Quinton',
          dateOfBirth: '1901-01-01',
          postcode: null,
          borough: HF,
        },
      ],
      new Date(),
      { queue: false },
    );
    expect(unqueued).toEqual({
      linked: [],
      held: [{ localId: 'ELSID-UNDONE', reason: 'demographics disagree' }],
    });
    expect(await stack.governance.matches.count({ key: 'SOCIAL_CARE:ELSID-UNDONE' })).toBe(0);
  });
});

describe('caseload batching', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ people: 1400, caseloadSize: 200 });
  });
  afterAll(() => stack.stop());

  const CASELOAD = `query($l: Int!) { myCaseload(limit: $l) {
    nhsNumber name caseStatus childProtectionFlag lastActivityAt
    person { healthFlags { fallsRisk dementia learningDisability endOfLife recentAeAttendance currentAdmission { delayedDays } } }
  } }`;

  it('reads each store a constant number of times for 10, 50 and 200 people', async () => {
    const sw = await stack.as('social_worker');
    const deltas: Record<string, number>[] = [];
    for (const limit of [10, 50, 200]) {
      await sw.request(CASELOAD, { l: limit }); // warm the per-epoch governance caches
      const before = stack.storeReads();
      const r = await sw.request<{ myCaseload: unknown[] }>(CASELOAD, { l: limit });
      const after = stack.storeReads();
      expect(r.data?.myCaseload).toHaveLength(limit);
      deltas.push({
        'social-care': after['social-care'] - before['social-care'],
        health: after.health - before.health,
      });
    }
    expect(deltas[1]).toEqual(deltas[0]);
    expect(deltas[2]).toEqual(deltas[0]);
    expect(deltas[0].health).toBeGreaterThan(0);
  });

  it('keeps reads constant with fields from all three subgraphs (10 vs 50 people)', async () => {
    // Social workers see no council data by default: an admin grants the test a council field.
    const admin = await stack.as('ig_admin');
    const head = (await stack.governance.readHead()).policyVersion;
    const grant = await admin.request(
      'mutation($b:Int!){ publishPolicy(baseVersion:$b, comment:"batching test", changes:[{coordinate:"Person.council", role: social_worker, access: related}, {coordinate:"CouncilRecord.councilId", role: social_worker, access: related}]){ version } }',
      { b: head },
    );
    expect(grant.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 600));
    const ALL = `query($l: Int!) { myCaseload(limit: $l) { nhsNumber person {
      socialCare { caseStatus allocatedWorker { name } }
      healthFlags { fallsRisk currentAdmission { delayedDays } }
      council { councilId }
    } } }`;
    const sw = await stack.as('social_worker');
    const deltas: Record<string, number>[] = [];
    for (const limit of [10, 50]) {
      await sw.request(ALL, { l: limit });
      const before = stack.storeReads();
      const r = await sw.request<{ myCaseload: { person: { council: unknown } }[] }>(ALL, { l: limit });
      const after = stack.storeReads();
      expect(r.data?.myCaseload.some((e) => e.person.council !== null)).toBe(true);
      deltas.push({
        'social-care': after['social-care'] - before['social-care'],
        health: after.health - before.health,
        council: after.council - before.council,
      });
    }
    expect(deltas[1]).toEqual(deltas[0]);
    expect(deltas[0].council).toBeGreaterThan(0);
  });

  it('shows the social worker health flags for clients whose consent allows it, and says why for the rest', async () => {
    const sw = await stack.as('social_worker');
    const r = await sw.request<{ myCaseload: { nhsNumber: string; person: { healthFlags: unknown } }[] }>(
      CASELOAD,
      { l: 200 },
    );
    const shown = r.data!.myCaseload.filter((e) => e.person.healthFlags !== null);
    expect(shown.length).toBeGreaterThan(100);
    const reasons = new Set((r.errors ?? []).map((e) => e.extensions?.reason));
    for (const reason of reasons) expect(['consent']).toContain(reason);
  });
});
