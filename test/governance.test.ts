import {
  ContextKeys,
  ContextSigner,
  CONTEXT_HEADER,
  subgraphKeyring,
  SUBGRAPHS,
  type CareContext,
} from '@care/common';
import { SignJWT } from 'jose';
import { deniedFields, findPerson } from './support/people';
import { Stack } from './support/stack';

const HF = 'E09000013';
const RICHFORD = 'E85001';

const RECORD = `query Record($n: NhsNumber!) {
  person(nhsNumber: $n) {
    nhsNumber
    socialCare { caseStatus allocatedWorker { name phone } caseNotes { text } }
    health { conditions { display } medications { display } }
    healthFlags { fallsRisk dementia }
    council { councilId housingBenefit { weeklyAward incomeStatement { totalWeekly } } }
  }
}`;

type RecordResult = { person: Record<string, unknown> | null };

describe('field-level shielding through the gateway', () => {
  let stack: Stack;
  let nhs: string;

  beforeAll(async () => {
    stack = await Stack.start({ people: 400 });
    nhs = await findPerson(stack, {
      knownTo: ['SOCIAL_CARE', 'HEALTH', 'COUNCIL'],
      gpPractice: RICHFORD,
      borough: HF,
      consents: {
        social_care_to_health: 'active',
        health_to_social_care: 'active',
        council_benefit_to_social_care: 'active',
      },
    });
  });
  afterAll(() => stack.stop());

  const read = async (role: string) => (await stack.as(role)).request<RecordResult>(RECORD, { n: nhs });

  it('shows a GP the social care summary but not case notes, and no council data', async () => {
    const r = await read('gp');
    expect(r.data?.person?.socialCare).toMatchObject({ caseStatus: expect.any(String), caseNotes: null });
    expect(r.data?.person?.health).toMatchObject({ conditions: expect.any(Array) });
    expect(deniedFields(r.errors)).toEqual({
      'SocialCareRecord.caseNotes': 'role',
      'Person.council': 'role',
    });
  });

  it('shows a social worker case notes and health flags, not diagnoses or medications', async () => {
    const r = await read('social_worker');
    expect(r.data?.person?.socialCare).toMatchObject({ caseNotes: expect.any(Array) });
    expect(r.data?.person?.healthFlags).toMatchObject({ fallsRisk: expect.any(Boolean) });
    const denied = deniedFields(r.errors);
    expect(denied['HealthRecord.conditions']).toBe('role');
    expect(denied['HealthRecord.medications']).toBe('role');
    expect(denied['Person.council']).toBe('role');
  });

  it('shows a financial assessment officer the income statement (consent active), nothing clinical', async () => {
    const r = await read('financial_officer');
    const council = r.data?.person?.council as { housingBenefit: unknown } | null;
    expect(council).not.toBeNull();
    const denied = deniedFields(r.errors);
    expect(denied['HealthRecord.conditions']).toBe('role');
    expect(denied['CouncilRecord.councilId']).toBeUndefined();
  });

  it('shows a council housing officer only council data', async () => {
    const r = await read('housing_officer');
    expect(r.data?.person?.council).toMatchObject({ councilId: expect.any(String) });
    const denied = deniedFields(r.errors);
    expect(denied).toMatchObject({
      'Person.socialCare': 'role',
      'Person.health': 'role',
      'Person.healthFlags': 'role',
    });
  });

  it('shows a manager and an IG admin no personal data', async () => {
    for (const role of ['manager', 'ig_admin']) {
      const r = await read(role);
      expect(r.data?.person ?? null).toBeNull();
      expect(deniedFields(r.errors)['Query.person']).toBe('role');
    }
  });

  it('shows unscheduled care nothing clinical until the person is declared present, then audits the declaration', async () => {
    const ae = await stack.as('ae_clinician');
    const before = await ae.request<RecordResult>(RECORD, { n: nhs });
    expect(deniedFields(before.errors)['Person.health']).toBe('relationship');
    const declared = await ae.request(
      'mutation($n: NhsNumber!){ declarePresence(nhsNumber:$n, location:"A&E majors 4"){ until } }',
      { n: nhs },
    );
    expect(declared.errors).toBeUndefined();
    const after = await ae.request<RecordResult>(RECORD, { n: nhs });
    expect(after.data?.person?.health).toMatchObject({ conditions: expect.any(Array) });
    const audit = await stack.governance.audit.find({ user: 'ae.lewis', kind: 'write' });
    expect(audit.some((a) => a.operationHash && a.note?.includes('declarePresence'))).toBe(true);
  });

  it('says which condition failed without revealing the value', async () => {
    const r = await read('gp');
    const e = r.errors?.find((x) => x.extensions?.field === 'SocialCareRecord.caseNotes');
    expect(e?.message).toBe('Not shared with your role (SocialCareRecord.caseNotes)');
    expect(e?.path).toEqual(['person', 'socialCare', 'caseNotes']);
  });
});

describe('admins tune permissions at run time', () => {
  let stack: Stack;
  let nhs: string;
  const CASE_NOTES = 'query($n: NhsNumber!){ person(nhsNumber:$n){ socialCare { caseNotes { text } } } }';
  const MATRIX =
    '{ policyMatrix { version types { name fields { coordinate cells { role access consent } } } } }';
  const PUBLISH = `mutation($b:Int!,$c:[CellChangeInput!]!,$m:String!){ publishPolicy(baseVersion:$b, changes:$c, comment:$m){ version changes { coordinate role fromAccess toAccess } } }`;

  beforeAll(async () => {
    stack = await Stack.start({ people: 300 });
    nhs = await findPerson(stack, {
      knownTo: ['SOCIAL_CARE', 'HEALTH'],
      gpPractice: RICHFORD,
      consents: { social_care_to_health: 'active' },
    });
  });
  afterAll(() => stack.stop());

  it('lists every field of the supergraph in the matrix, with a cell per role', async () => {
    const admin = await stack.as('ig_admin');
    const r = await admin.request<{
      policyMatrix: {
        version: number;
        types: { name: string; fields: { coordinate: string; cells: { role: string }[] }[] }[];
      };
    }>(MATRIX);
    const coords = r.data!.policyMatrix.types.flatMap((t) => t.fields.map((f) => f.coordinate));
    expect(coords).toEqual(
      expect.arrayContaining([
        'SocialCareRecord.caseNotes',
        'HealthRecord.conditions',
        'IncomeStatement.sources',
        'Mutation.publishPolicy',
      ]),
    );
    expect(r.data!.policyMatrix.types[0].fields[0].cells).toHaveLength(9);
  });

  it('publishes a change that reaches the subgraphs within 2 seconds, and rolls it back', async () => {
    const admin = await stack.as('ig_admin');
    const gp = await stack.as('gp');
    expect(
      deniedFields((await gp.request(CASE_NOTES, { n: nhs })).errors)['SocialCareRecord.caseNotes'],
    ).toBe('role');
    const published = await admin.request<{ publishPolicy: { version: number; changes: unknown[] } }>(
      PUBLISH,
      {
        b: 1,
        c: [
          {
            coordinate: 'SocialCareRecord.caseNotes',
            role: 'gp',
            access: 'related',
            consent: 'social_care_to_health',
          },
          { coordinate: 'CaseNote.text', role: 'gp', access: 'related', consent: 'social_care_to_health' },
        ],
        m: 'GPs need case notes for the frailty pilot',
      },
    );
    expect(published.data?.publishPolicy).toMatchObject({
      version: 2,
      changes: expect.arrayContaining([
        expect.objectContaining({
          coordinate: 'CaseNote.text',
          role: 'gp',
          fromAccess: 'deny',
          toAccess: 'related',
        }),
      ]),
    });
    const started = Date.now();
    let seen = false;
    while (!seen && Date.now() - started < 2000) {
      const r = await gp.request<{ person: { socialCare: { caseNotes: unknown[] | null } } }>(CASE_NOTES, {
        n: nhs,
      });
      seen = Array.isArray(r.data?.person.socialCare.caseNotes);
      if (!seen) await new Promise((res) => setTimeout(res, 100));
    }
    expect(seen).toBe(true);

    const rollback = await admin.request<{ rollbackPolicy: { version: number; rollbackOf: number } }>(
      'mutation{ rollbackPolicy(toVersion:1, baseVersion:2, comment:"pilot ended"){ version rollbackOf } }',
    );
    expect(rollback.data?.rollbackPolicy).toEqual({ version: 3, rollbackOf: 1 });
    await new Promise((res) => setTimeout(res, 600));
    expect(
      deniedFields((await gp.request(CASE_NOTES, { n: nhs })).errors)['SocialCareRecord.caseNotes'],
    ).toBe('role');
    const diff = await admin.request<{ policyDiff: unknown[] }>('{ policyDiff(from:1, to:3){ coordinate } }');
    expect(diff.data?.policyDiff).toEqual([]);
    const versions = await admin.request<{
      policyVersions: { version: number; createdBy: string; comment: string }[];
    }>('{ policyVersions { version createdBy comment } }');
    expect(versions.data?.policyVersions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions.data?.policyVersions[1]).toMatchObject({
      createdBy: 'ig.admin',
      comment: 'GPs need case notes for the frailty pilot',
    });
  });

  it('refuses unknown fields and roles, stale bases and a change that locks admins out, changing nothing', async () => {
    const admin = await stack.as('ig_admin');
    const head = async () => (await stack.governance.readHead()).policyVersion;
    const v = await head();
    const bad = async (changes: unknown[], base = v) =>
      (await admin.request(PUBLISH, { b: base, c: changes, m: 'x' })).errors?.[0].extensions?.code;
    expect(await bad([{ coordinate: 'Person.shoeSize', role: 'gp', access: 'any' }])).toBe('BAD_USER_INPUT');
    expect(await bad([{ coordinate: 'Person.health', role: 'astronaut', access: 'any' }])).toBe(
      'BAD_USER_INPUT',
    );
    expect(await bad([{ coordinate: 'Mutation.publishPolicy', role: 'ig_admin', access: 'deny' }])).toBe(
      'BAD_USER_INPUT',
    );
    expect(await bad([{ coordinate: 'Person.health', role: 'gp', access: 'any' }], v - 1)).toBe('CONFLICT');
    expect(await head()).toBe(v);
  });

  it('previews a draft as another role without publishing it', async () => {
    const admin = await stack.as('ig_admin');
    const r = await admin.request<{
      previewAs: { data: string; denied: { path: string; reason: string }[] };
    }>(
      `mutation($q:String!,$v:String){ previewAs(role: gp, org: "${RICHFORD}", query:$q, variables:$v,
        changes:[{coordinate:"SocialCareRecord.caseNotes", role: gp, access: related}, {coordinate:"CaseNote.text", role: gp, access: related}]) { data denied { path reason } errors } }`,
      { q: CASE_NOTES, v: JSON.stringify({ n: nhs }) },
    );
    const data = JSON.parse(r.data!.previewAs.data) as { person: { socialCare: { caseNotes: unknown[] } } };
    expect(Array.isArray(data.person.socialCare.caseNotes)).toBe(true);
    const plain = await admin.request<{ previewAs: { denied: { path: string; reason: string }[] } }>(
      `mutation($q:String!,$v:String){ previewAs(role: gp, org: "${RICHFORD}", query:$q, variables:$v) { denied { path reason } } }`,
      { q: CASE_NOTES, v: JSON.stringify({ n: nhs }) },
    );
    expect(plain.data?.previewAs.denied).toContainEqual({
      path: 'person.socialCare.caseNotes',
      reason: 'role',
    });
    // Nothing was published.
    const gp = await stack.as('gp');
    expect(
      deniedFields((await gp.request(CASE_NOTES, { n: nhs })).errors)['SocialCareRecord.caseNotes'],
    ).toBe('role');
  });

  it('previews nothing and keeps no draft for a document that cannot run', async () => {
    const admin = await stack.as('ig_admin');
    const before = (await stack.governance.drafts.find({})).length;
    for (const q of ['{ person(nhsNumber: ', '{ person(nhsNumber: "9990000018") { shoeSize } }']) {
      const r = await admin.request<{ previewAs: { data: string | null; errors: string[] } }>(
        `mutation($q:String!){ previewAs(role: gp, org: "${RICHFORD}", query:$q,
          changes:[{coordinate:"SocialCareRecord.caseNotes", role: gp, access: related}]) { data errors } }`,
        { q },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data?.previewAs.data).toBeNull();
      expect(r.data?.previewAs.errors.join(' ')).toMatch(/Syntax Error|Cannot query field "shoeSize"/);
    }
    expect((await stack.governance.drafts.find({})).length).toBe(before);
  });

  it('refuses to preview a mutation, which would write as the previewed role', async () => {
    const admin = await stack.as('ig_admin');
    const referrals = stack.subgraphs['social-care'].store.collection<{ _id: string }>('referrals');
    const drafts = (await stack.governance.drafts.find({})).length;
    const before = (await referrals.find({})).length;
    const refer = `mutation($i: ReferralInput!) { createReferral(input: $i) { id } }`;
    const input = {
      nhsNumber: nhs,
      service: 'HOME_CARE',
      urgency: 'ROUTINE',
      reason: 'Written by a preview',
      idempotencyKey: 'preview-write-0001',
    };
    const r = await admin.request<{ previewAs: { data: string | null; errors: string[] } }>(
      `mutation($q:String!,$v:String){ previewAs(role: gp, org: "${RICHFORD}", query:$q, variables:$v) { data errors } }`,
      { q: refer, v: JSON.stringify({ i: input }) },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.previewAs).toEqual({
      data: null,
      errors: ['A preview runs queries only: mutations would write as the previewed role'],
    });
    expect((await referrals.find({})).length).toBe(before);
    expect((await stack.governance.drafts.find({})).length).toBe(drafts);
  });

  it('audits every policy change', async () => {
    const admin = await stack.as('ig_admin');
    const r = await admin.request<{ auditSearch: { records: { kind: string; note: string }[] } }>(
      '{ auditSearch(user: "ig.admin", first: 200) { records { kind note } } }',
    );
    const notes = r.data!.auditSearch.records.map((x) => x.note);
    expect(notes).toEqual(expect.arrayContaining(['outcome: publishPolicy', 'outcome: rollbackPolicy']));
  });
});

describe('subgraphs refuse anything but a fresh context signed by the gateway', () => {
  let stack: Stack;
  let gatewayContext: CareContext;
  const ENTITIES = 'query($r:[_Any!]!){ _entities(representations:$r){ __typename } }';
  const personRequest = (nhsNumber: string) => ({
    query: ENTITIES,
    variables: { r: [{ __typename: 'Person', nhsNumber }] },
  });
  const REQUEST = personRequest('9990000018');

  beforeAll(async () => {
    stack = await Stack.start({ people: 100 });
    gatewayContext = {
      sub: 'dr.okafor',
      name: 'Dr',
      role: 'gp',
      org: RICHFORD,
      team: null,
      purpose: 'direct_care',
      policyVersion: 1,
      draftPolicy: null,
      factsEpoch: 1,
      breakGlass: [],
      requestId: 'r1',
    };
  });
  afterAll(() => stack.stop());

  const post = (name: string, token: string | null) =>
    fetch(`${stack.subgraphs[name as 'health'].listening.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { [CONTEXT_HEADER]: token } : {}) },
      body: JSON.stringify(REQUEST),
    });

  it.each(SUBGRAPHS)(
    "%s refuses _entities with no token, a forged token, another subgraph's, one for another person, an expired one and a replayed one",
    async (name) => {
      expect((await post(name, null)).status).toBe(401);
      const forged = new ContextSigner(ContextKeys.generate().ring).sign(gatewayContext, name, REQUEST);
      expect((await post(name, forged)).status).toBe(401);
      const keys = ContextKeys.loadOrCreate(stack.config.keysDir);
      // Signed by the gateway, for another subgraph: relabelled, it is still that subgraph's MAC.
      const other = SUBGRAPHS.find((s) => s !== name) as string;
      const [h, p, sig] = new ContextSigner(keys.ring).sign(gatewayContext, other, REQUEST).split('.');
      const relabelled = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), aud: name }),
      ).toString('base64url');
      expect((await post(name, `${h}.${relabelled}.${sig}`)).status).toBe(401);
      // Issued by the gateway for this subgraph and query, but another person's lookup: a token
      // taken in transit cannot be turned on someone else, even where its id was never seen.
      const forAnother = await post(
        name,
        keys.signer().sign(gatewayContext, name, personRequest('9990000026')),
      );
      expect(forAnother.status).toBe(401);
      expect(((await forAnother.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(
        /other variables/,
      );
      const expired = await new SignJWT({ role: 'gp', org: RICHFORD, pv: 1, fe: 1, qh: 'x' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('dr.okafor')
        .setIssuer('care-gateway')
        .setAudience(name)
        .setJti('old')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 300)
        .sign(keys.keyFor(name).secret);
      const expiredRes = await post(name, expired);
      expect(expiredRes.status).toBe(401);
      expect(
        ((await expiredRes.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions
          .code,
      ).toBe('UNAUTHENTICATED');
      const valid = keys.signer().sign(gatewayContext, name, REQUEST);
      expect((await post(name, valid)).status).toBe(200);
      expect((await post(name, valid)).status).toBe(401);
    },
  );

  it('serves its internal API only to tokens the gateway sealed, and lets a subgraph register only its own records', async () => {
    const keys = ContextKeys.loadOrCreate(stack.config.keysDir);
    const internal = (path: string, token: string, body: unknown) =>
      fetch(`${stack.url}/internal/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: token },
        body: JSON.stringify(body),
      });
    const facts = { nhsNumbers: ['9990000018'] };
    expect(
      (await internal('facts', keys.signer().sign(gatewayContext, 'council', REQUEST), facts)).status,
    ).toBe(200);
    // Council's own key (all a council process or a leaked key file holds) mints tokens council
    // would accept; the gateway takes none of them.
    const minted = new ContextSigner(subgraphKeyring('council', keys.keyFor('council')));
    expect((await internal('facts', minted.sign(gatewayContext, 'council', REQUEST), facts)).status).toBe(
      401,
    );
    const registration = {
      source: 'HEALTH',
      nhsNumber: null,
      localId: 'x1',
      givenName: 'Ada',
      familyName: 'Okoro',
      dateOfBirth: '1941-03-02',
    };
    const asCouncil = keys.signer().sign(gatewayContext, 'council', REQUEST);
    expect((await internal('person-index', asCouncil, { entries: [registration] })).status).toBe(403);
    const asHealth = keys.signer().sign(gatewayContext, 'health', REQUEST);
    expect((await internal('person-index', asHealth, { entries: [registration] })).status).toBe(200);
    // Leaving an unmatched record out of the matching queue is for a social care transfer import
    // (it undoes the record itself), one record at a time; nobody else may hide records from admins.
    expect((await internal('person-index', asHealth, { entries: [registration], queue: false })).status).toBe(
      400,
    );
    expect((await internal('person-index', asHealth, { entries: [registration], queue: 'no' })).status).toBe(
      400,
    );
    // An undone import takes back the link its record made, and only that link: social care's, for
    // a record the index still names for the borough it gave the person to.
    const someone = stack.seed.population.people.find(
      (p) => p.nhsNumber === stack.seed.summary.healthOnly[0],
    )!;
    const asSocialCare = keys
      .signer()
      .sign({ ...gatewayContext, sub: 'sw', role: 'social_worker', org: HF }, 'social-care', REQUEST);
    const unlink = { nhsNumber: someone.nhsNumber, localId: 'ELSID-UNDONE', borough: HF };
    expect((await internal('person-index/unlink', asHealth, unlink)).status).toBe(403);
    expect((await internal('person-index/unlink', asCouncil, unlink)).status).toBe(403);
    expect(
      (await internal('person-index/unlink', asSocialCare, { ...unlink, nhsNumber: '123' })).status,
    ).toBe(400);
    expect(await (await internal('person-index/unlink', asSocialCare, unlink)).json()).toEqual({
      unlinked: false,
    });
    const linked = await internal('person-index', asSocialCare, {
      entries: [
        {
          source: 'SOCIAL_CARE',
          nhsNumber: someone.nhsNumber,
          localId: 'ELSID-UNDONE',
          givenName: someone.givenName,
          familyName: someone.familyName,
          dateOfBirth: someone.dateOfBirth,
          postcode: null,
          borough: HF,
        },
      ],
    });
    expect(await linked.json()).toMatchObject({ linked: [someone.nhsNumber] });
    expect(await stack.governance.persons.findOne({ _id: someone.nhsNumber })).toMatchObject({
      borough: HF,
      socialCareClientId: 'ELSID-UNDONE',
    });
    // Only the link that gave the person to that borough is taken back.
    expect(
      await (await internal('person-index/unlink', asSocialCare, { ...unlink, borough: 'E09000020' })).json(),
    ).toEqual({ unlinked: false });
    expect(await (await internal('person-index/unlink', asSocialCare, unlink)).json()).toEqual({
      unlinked: true,
    });
    // Known to health before the link, the person stays in the index, without social care.
    expect(await stack.governance.persons.findOne({ _id: someone.nhsNumber })).toMatchObject({
      borough: null,
      socialCareClientId: null,
      knownTo: ['HEALTH'],
    });
    // A body it cannot read gets the same JSON shape, not the framework's HTML page.
    const unreadable = await fetch(`${stack.url}/internal/facts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: asHealth },
      body: '{"nhsNumbers": [',
    });
    expect(unreadable.status).toBe(400);
    expect(await unreadable.json()).toEqual({ error: 'body must be JSON' });
  });
});
