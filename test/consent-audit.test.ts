import { deniedFields, findPerson } from './support/people';
import { Stack } from './support/stack';

const HF = 'E09000013';
const RICHFORD = 'E85001';
const DAY = 86_400_000;

const SUMMARY =
  'query($n: NhsNumber!){ person(nhsNumber:$n){ socialCare { caseStatus allocatedWorker { name } } consents { id flow state } } }';
const CONSENTS =
  'query($n: NhsNumber!){ person(nhsNumber:$n){ consents { id flow state method confirmBy history { state by } } } }';

describe('consent, break-glass, CP notifications and the audit trail', () => {
  let stack: Stack;
  let offset = 0;
  // The gateway and subgraphs read this clock per request, so moving it moves time for the whole stack.
  const advance = (ms: number) => {
    offset += ms;
  };

  beforeAll(async () => {
    stack = await Stack.start({
      people: 500,
      gateway: { clock: () => new Date(Date.now() + offset), sessionTtlSeconds: 60 * 24 * 3600 },
    });
  });
  afterAll(() => stack.stop());

  type ConsentView = { id: string; flow: string; state: string };
  const consentsOf = async (role: string, nhs: string) =>
    (await (await stack.as(role)).request<{ person: { consents: ConsentView[] } }>(CONSENTS, { n: nhs })).data
      ?.person.consents ?? [];

  it('withdrawal takes effect at once; GP-collected consent is pending until confirmed, and lapses after 7 days', async () => {
    const nhs = await findPerson(stack, {
      knownTo: ['SOCIAL_CARE', 'HEALTH'],
      gpPractice: RICHFORD,
      borough: HF,
      consents: { social_care_to_health: 'active' },
    });
    const gp = await stack.as('gp');
    const sw = await stack.as('social_worker');
    expect((await gp.request(SUMMARY, { n: nhs })).data).toMatchObject({
      person: { socialCare: { caseStatus: expect.any(String) } },
    });

    const active = (await consentsOf('gp', nhs)).find(
      (c) => c.flow === 'social_care_to_health' && c.state === 'active',
    )!;
    const withdrawn = await gp.request(
      'mutation($id:ID!){ withdrawConsent(id:$id, note:"patient asked"){ state } }',
      { id: active.id },
    );
    expect(withdrawn.data).toEqual({ withdrawConsent: { state: 'withdrawn' } });
    const after = await gp.request(SUMMARY, { n: nhs });
    expect(deniedFields(after.errors)['Person.socialCare']).toBe('consent');

    const record =
      'mutation($n: NhsNumber!){ recordConsent(nhsNumber:$n, flow: social_care_to_health, method: GP_COLLECTED){ id state confirmBy } }';
    const pending = await gp.request<{ recordConsent: { id: string; state: string; confirmBy: string } }>(
      record,
      { n: nhs },
    );
    expect(pending.data?.recordConsent.state).toBe('pending');
    expect(new Date(pending.data!.recordConsent.confirmBy).getTime() - Date.now() - offset).toBeGreaterThan(
      6.9 * DAY,
    );
    expect(deniedFields((await gp.request(SUMMARY, { n: nhs })).errors)['Person.socialCare']).toBe('consent');

    advance(8 * DAY);
    const lapsed = (await consentsOf('gp', nhs)).find((c) => c.id === pending.data!.recordConsent.id);
    expect(lapsed?.state).toBe('lapsed');
    const late = await sw.request('mutation($id:ID!){ confirmConsent(id:$id){ state } }', {
      id: pending.data!.recordConsent.id,
    });
    expect(late.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const again = await gp.request<{ recordConsent: { id: string } }>(record, { n: nhs });
    const confirmed = await sw.request(
      'mutation($id:ID!){ confirmConsent(id:$id, note:"form received"){ state } }',
      { id: again.data!.recordConsent.id },
    );
    expect(confirmed.data).toEqual({ confirmConsent: { state: 'active' } });
    expect((await gp.request(SUMMARY, { n: nhs })).data).toMatchObject({
      person: { socialCare: { caseStatus: expect.any(String) } },
    });

    const history = (await consentsOf('social_worker', nhs)).filter(
      (c) => c.flow === 'social_care_to_health',
    );
    expect(history.map((c) => c.state).sort()).toEqual(['active', 'lapsed', 'withdrawn']);
  });

  it('takes consent to see social care from health staff only as collected for social services, pending their confirmation', async () => {
    const nhs = stack.seed.summary.richfordGatePatientsKnownToAll[3];
    const gp = await stack.as('gp');
    const before = await stack.governance.consents.count({ nhsNumber: nhs });
    for (const method of ['VERBAL', 'PAPER_FORM', 'ELECTRONIC']) {
      const r = await gp.request(
        'mutation($n: NhsNumber!, $m: ConsentMethod!){ recordConsent(nhsNumber:$n, flow: social_care_to_health, method: $m){ id state } }',
        { n: nhs, m: method },
      );
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'method' });
    }
    expect(await stack.governance.consents.count({ nhsNumber: nhs })).toBe(before);
    // A refusal restricts sharing, so it is taken however it was given.
    const refusal = await gp.request<{ recordConsent: { state: string } }>(
      'mutation($n: NhsNumber!){ recordConsent(nhsNumber:$n, flow: social_care_to_health, method: VERBAL, agreed: false){ state } }',
      { n: nhs },
    );
    expect(refusal.data?.recordConsent.state).toBe('refused');
    // Health's own data shared with social care is health's to agree to.
    const own = await gp.request<{ recordConsent: { state: string } }>(
      'mutation($n: NhsNumber!){ recordConsent(nhsNumber:$n, flow: health_to_social_care, method: VERBAL){ state } }',
      { n: nhs },
    );
    expect(own.data?.recordConsent.state).toBe('active');
  });

  it('only staff with a relationship may change a consent, and a GP cannot confirm the form', async () => {
    const record =
      'mutation($n: NhsNumber!){ recordConsent(nhsNumber:$n, flow: health_to_social_care, method: GP_COLLECTED){ id state } }';
    const confirm = 'mutation($id:ID!){ confirmConsent(id:$id){ state } }';
    const gp = await stack.as('gp');
    const sw = await stack.as('social_worker');
    const local = await findPerson(stack, {
      knownTo: ['SOCIAL_CARE', 'HEALTH'],
      gpPractice: RICHFORD,
      borough: HF,
    });
    const mine = await gp.request<{ recordConsent: { id: string } }>(record, { n: local });
    expect(
      (await gp.request(confirm, { id: mine.data!.recordConsent.id })).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');

    const elsewhere = await findPerson(stack, {
      knownTo: ['SOCIAL_CARE', 'HEALTH'],
      gpPractice: RICHFORD,
      borough: 'E09000020',
    }).catch(() =>
      findPerson(stack, { knownTo: ['SOCIAL_CARE', 'HEALTH'], gpPractice: RICHFORD, borough: 'E09000009' }),
    );
    const theirs = await gp.request<{ recordConsent: { id: string } }>(record, { n: elsewhere });
    const refused = await sw.request(confirm, { id: theirs.data!.recordConsent.id });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'relationship' });
    const still = (await stack.governance.consents.findOne({ _id: theirs.data!.recordConsent.id }))?.state;
    expect(still).toBe('pending');
  });

  it('opens otherwise-denied fields with break-glass for a short time, alerts IG, and shows on the record', async () => {
    const nhs = await findPerson(stack, { knownTo: ['HEALTH'], notGpPractice: RICHFORD });
    const gp = await stack.as('gp');
    const HEALTH = 'query($n: NhsNumber!){ person(nhsNumber:$n){ health { conditions { display } } } }';
    // Not their patient: even looking the person up is refused, and says why.
    expect(deniedFields((await gp.request(HEALTH, { n: nhs })).errors)['Query.person']).toBe('relationship');

    const shortDetail = await gp.request(
      'mutation($n: NhsNumber!){ openBreakGlass(nhsNumber:$n, reason: EMERGENCY_CARE, detail:"x"){ id } }',
      { n: nhs },
    );
    expect(shortDetail.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const opened = await gp.request<{ openBreakGlass: { id: string; until: string } }>(
      'mutation($n: NhsNumber!){ openBreakGlass(nhsNumber:$n, reason: EMERGENCY_CARE, detail:"Collapsed in surgery, no records available"){ id until } }',
      { n: nhs },
    );
    expect(opened.errors).toBeUndefined();
    const open = await gp.request<{ person: { health: { conditions: unknown[] } } }>(HEALTH, { n: nhs });
    expect(open.errors).toBeUndefined();
    expect(Array.isArray(open.data?.person.health.conditions)).toBe(true);
    const audited = await stack.governance.audit.find({ persons: nhs, user: 'dr.okafor', breakGlass: true });
    expect(audited.length).toBeGreaterThan(0);

    const admin = await stack.as('ig_admin');
    const alerts = await admin.request<{
      breakGlassAlerts: { id: string; nhsNumber: string; reason: string; status: string }[];
    }>('{ breakGlassAlerts(status: OPEN) { id nhsNumber reason status } }');
    expect(alerts.data?.breakGlassAlerts).toContainEqual({
      id: opened.data!.openBreakGlass.id,
      nhsNumber: nhs,
      reason: 'EMERGENCY_CARE',
      status: 'OPEN',
    });
    const reviewed = await admin.request(
      'mutation($id:ID!){ reviewBreakGlass(id:$id, action: CLOSE, note:"Justified: emergency"){ status reviews { action by } } }',
      { id: opened.data!.openBreakGlass.id },
    );
    expect(reviewed.data).toEqual({
      reviewBreakGlass: { status: 'CLOSED', reviews: [{ action: 'CLOSE', by: 'Priya Shah' }] },
    });

    const uses = await admin.request('{ breakGlassAlerts(status: OPEN) { id } }');
    expect(JSON.stringify(uses.data)).not.toContain(opened.data!.openBreakGlass.id);

    const record = await gp.request<{ person: { breakGlassUses: { user: string; status: string }[] } }>(
      'query($n: NhsNumber!){ person(nhsNumber:$n){ breakGlassUses { user status } } }',
      { n: nhs },
    );
    expect(record.data?.person.breakGlassUses).toContainEqual({ user: 'dr.okafor', status: 'CLOSED' });

    advance(31 * 60_000);
    expect(deniedFields((await gp.request(HEALTH, { n: nhs })).errors)['Query.person']).toBe('relationship');
  });

  it('tells the child’s social worker or duty team when unscheduled care views a CP flag (CP-IS)', async () => {
    const child = stack.seed.summary.childOnCpPlan[0];
    const ae = await stack.as('ae_clinician');
    await ae.request(
      'mutation($n: NhsNumber!){ declarePresence(nhsNumber:$n, location:"Paediatric A&E bay 2"){ until } }',
      { n: child },
    );
    const r = await ae.request<{
      person: { socialCare: { childProtection: { onPlan: boolean; contact: { phone: string } } } };
    }>(
      'query($n: NhsNumber!){ person(nhsNumber:$n){ socialCare { childProtection { onPlan category contact { name phone } responsibleBorough { name dutyTeamPhone } } } } }',
      { n: child },
    );
    expect(r.data?.person.socialCare.childProtection).toMatchObject({
      onPlan: true,
      contact: { phone: expect.any(String) },
    });
    const [note] = await stack.governance.notifications.find({ nhsNumber: child });
    const index = await stack.governance.persons.findOne({ _id: child });
    expect(note).toMatchObject({
      viewedBy: 'ae.lewis',
      viewerOrg: 'RYJ',
      location: 'Paediatric A&E bay 2',
      toWorker: index?.allocatedWorker ?? null,
      toBorough: index?.borough,
    });
    // The same clinician looking again straight away is the same attendance, not a second alert.
    await ae.request(
      'query($n: NhsNumber!){ person(nhsNumber:$n){ socialCare { childProtection { onPlan } } } }',
      { n: child },
    );
    expect(await stack.governance.notifications.count({ nhsNumber: child })).toBe(1);
    if (index?.borough === HF && (index.allocatedWorker === null || index.allocatedWorker === 'sw.patel')) {
      const sw = await stack.as('social_worker');
      const list = await sw.request<{ cpNotifications: { nhsNumber: string; viewedByName: string }[] }>(
        '{ cpNotifications { nhsNumber viewedByName location } }',
      );
      expect(list.data?.cpNotifications).toContainEqual(
        expect.objectContaining({ nhsNumber: child, viewedByName: 'Dr Megan Lewis' }),
      );
    }
  });

  it('refuses a read and a write when the audit store cannot record them (fail closed)', async () => {
    const nhs = stack.seed.summary.richfordGatePatientsKnownToAll[0];
    const gp = await stack.as('gp');
    const consentsBefore = await stack.governance.consents.count({ nhsNumber: nhs });
    await stack.withAuditRefusing(async () => {
      const read = await gp.request(
        'query($n: NhsNumber!){ person(nhsNumber:$n){ health { conditions { display } } } }',
        { n: nhs },
      );
      expect(read.status).toBe(503);
      expect(read.data ?? null).toBeNull();
      expect(read.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
      // Reads of no one's data (who am I) go on: there is nothing to record.
      const me = await gp.request<{ me: { username: string } }>('{ me { username } }');
      expect(me.data?.me.username).toBe(stack.account('gp').username);
      // However the write is spelled: plain, in an inline fragment or a fragment spread on the root.
      for (const write of [
        'mutation($n: NhsNumber!){ recordConsent(nhsNumber:$n, flow: social_care_to_health, method: GP_COLLECTED){ id } }',
        'mutation($n: NhsNumber!){ ... on Mutation { recordConsent(nhsNumber:$n, flow: social_care_to_health, method: GP_COLLECTED){ id } } }',
        'mutation($n: NhsNumber!){ ...W } fragment W on Mutation { recordConsent(nhsNumber:$n, flow: social_care_to_health, method: GP_COLLECTED){ id } }',
      ]) {
        const refused = await gp.request(write, { n: nhs });
        expect(refused.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
      }
    });
    expect(await stack.governance.consents.count({ nhsNumber: nhs })).toBe(consentsBefore);
  });

  it('audits a write that shares its mutation with a sign-in, before and after it runs', async () => {
    const nhs = stack.seed.summary.richfordGatePatientsKnownToAll[2];
    const gp = await stack.as('gp');
    const r = await gp.request<{ recordConsent: { id: string } | null }>(
      `mutation($n: NhsNumber!){
         login(username: "no.such.user", password: "x", otp: "000000"){ accessToken }
         ...W
       }
       fragment W on Mutation { recordConsent(nhsNumber:$n, flow: social_care_to_health, method: GP_COLLECTED){ id } }`,
      { n: nhs },
    );
    expect(r.data?.recordConsent?.id).toEqual(expect.any(String));
    const records = await stack.governance.audit.find({ user: stack.account('gp').username, kind: 'write' });
    const notes = records.map((x) => x.note ?? '');
    expect(notes).toContain('attempt: login, recordConsent');
    expect(notes).toContain('outcome: login, recordConsent');
  });

  it('audits reads of personal data that name no person in their arguments', async () => {
    const gp = await stack.as('gp');
    const listed = await gp.request<{ practicePatients: { nhsNumber: string }[] }>(
      'query ListOnly { practicePatients(limit: 5) { nhsNumber } }',
    );
    const numbers = listed.data?.practicePatients.map((p) => p.nhsNumber) ?? [];
    expect(numbers).toHaveLength(5);
    const gpRecords = await stack.governance.audit.find({
      user: stack.account('gp').username,
      operationName: 'ListOnly',
    });
    expect(gpRecords).toHaveLength(1);
    expect(gpRecords[0].persons).toEqual(expect.arrayContaining(numbers));

    const admin = await stack.as('ig_admin');
    const queue = await admin.request<{ matchQueue: { familyName: string }[] }>(
      'query Queue { matchQueue { givenName familyName dateOfBirth } }',
    );
    expect(queue.errors).toBeUndefined();
    const adminRecords = await stack.governance.audit.find({
      user: stack.account('ig_admin').username,
      operationName: 'Queue',
    });
    expect(adminRecords).toHaveLength(1);
    expect(adminRecords[0].access.flatMap((a) => a.allowed)).toEqual(
      expect.arrayContaining(['Query.matchQueue', 'MatchEntry.familyName']),
    );
  });

  it('keeps no clinical values in the audit, and verify finds the first edited record', async () => {
    const nhs = stack.seed.summary.richfordGatePatientsKnownToAll[1];
    const gp = await stack.as('gp');
    const r = await gp.request<{ person: { health: { conditions: { display: string }[] } } }>(
      'query($n: NhsNumber!){ person(nhsNumber:$n){ health { conditions { display } } } }',
      { n: nhs },
    );
    const displays = r.data?.person.health.conditions.map((c) => c.display) ?? [];
    const records = await stack.governance.audit.find({ persons: nhs });
    expect(records.length).toBeGreaterThan(0);
    const text = JSON.stringify(records);
    for (const d of displays) expect(text).not.toContain(d);
    expect(records.some((x) => x.access.some((a) => a.allowed.includes('Condition.display')))).toBe(true);

    const admin = await stack.as('ig_admin');
    const ok = await admin.request<{ verifyAudit: { ok: boolean; checked: number } }>(
      '{ verifyAudit { ok checked firstBrokenSeq } }',
    );
    expect(ok.data?.verifyAudit.ok).toBe(true);
    const victim = records[0];
    await stack.governance.audit.updateOne({ _id: victim._id }, { $set: { user: 'someone.else' } });
    const broken = await admin.request<{
      verifyAudit: { ok: boolean; firstBrokenSeq: number; reason: string };
    }>('{ verifyAudit { ok firstBrokenSeq reason } }');
    expect(broken.data?.verifyAudit).toMatchObject({
      ok: false,
      firstBrokenSeq: victim.seq,
      reason: 'record content was changed',
    });
    await stack.governance.audit.updateOne({ _id: victim._id }, { $set: { user: victim.user } });
  });

  it('shows a person’s access history and lets IG search the trail with paging', async () => {
    const nhs = stack.seed.summary.richfordGatePatientsKnownToAll[1];
    const admin = await stack.as('ig_admin');
    const history = await admin.request<{
      auditSearch: { records: { user: string; persons: string[] }[]; nextCursor: string | null };
    }>(
      'query($n: NhsNumber!){ auditSearch(nhsNumber:$n, first: 1) { records { user persons } nextCursor } }',
      { n: nhs },
    );
    expect(history.data?.auditSearch.records[0].persons).toContain(nhs);
    const next = await admin.request<{ auditSearch: { records: { seq: number }[] } }>(
      'query($n: NhsNumber!,$a:String){ auditSearch(nhsNumber:$n, first: 1, after:$a) { records { seq } } }',
      {
        n: nhs,
        a: history.data?.auditSearch.nextCursor,
      },
    );
    expect(next.errors).toBeUndefined();
    const bg = await admin.request<{ auditSearch: { records: { breakGlass: boolean }[] } }>(
      '{ auditSearch(breakGlassOnly: true) { records { breakGlass } } }',
    );
    expect(bg.data?.auditSearch.records.every((x) => x.breakGlass)).toBe(true);

    // A date-only bound covers the whole day: the latest record is found by its own date.
    const latest = await admin.request<{ auditSearch: { records: { at: string }[] } }>(
      'query($n: NhsNumber!){ auditSearch(nhsNumber:$n, first: 1) { records { at } } }',
      { n: nhs },
    );
    const today = latest.data!.auditSearch.records[0].at.slice(0, 10);
    const todays = await admin.request<{ auditSearch: { records: { at: string }[] } }>(
      'query($n: NhsNumber!, $d: String!){ auditSearch(nhsNumber:$n, from:$d, to:$d) { records { at } } }',
      { n: nhs, d: today },
    );
    expect(todays.data?.auditSearch.records.length).toBeGreaterThan(0);
    const SEARCH =
      'query($from: String, $to: String, $outcome: String, $after: String){ auditSearch(from:$from, to:$to, outcome:$outcome, after:$after) { records { seq } } }';
    const cursor = history.data!.auditSearch.nextCursor!;
    for (const [vars, argument] of [
      [{ from: '0' }, 'from'],
      [{ from: '2026-02-30' }, 'from'],
      [{ to: '2026-12-01T25:00Z' }, 'to'],
      [{ to: '2026-12-01T10:00' }, 'to'],
      [{ from: '2026-12-02', to: '2026-12-01' }, 'to'],
      [{ outcome: 'maybe' }, 'outcome'],
      [{ after: `${cursor}x` }, 'after'],
      [{ after: Buffer.from('0x10').toString('base64url') }, 'after'],
    ] as const) {
      const r = await admin.request(SEARCH, vars);
      expect([vars, r.errors?.[0].extensions]).toEqual([
        vars,
        expect.objectContaining({ code: 'BAD_USER_INPUT', argument }),
      ]);
    }
  });
});

describe('sign-in', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ people: 50, gateway: { maxLoginFailures: 3 } });
  });
  afterAll(() => stack.stop());

  const LOGIN =
    'mutation($u:String!,$p:String!,$o:String!){ login(username:$u,password:$p,otp:$o){ accessToken user { role } } }';

  it('tells a wrong password from a wrong code, locks after repeated failures, and audits it', async () => {
    const c = stack.client();
    const acct = stack.account('manager');
    const wrongPw = await c.request(LOGIN, { u: acct.username, p: 'nope', o: '000000' });
    expect(wrongPw.errors?.[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'wrong_credentials',
    });
    const wrongCode = await c.request(LOGIN, { u: acct.username, p: acct.password, o: '000000' });
    expect(wrongCode.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'wrong_code' });
    await c.request(LOGIN, { u: acct.username, p: 'nope', o: '000000' });
    const locked = await c.request(LOGIN, { u: acct.username, p: acct.password, o: await c.otp(acct) });
    expect(locked.errors?.[0].extensions?.code).toBe('ACCOUNT_LOCKED');
    const audit = await stack.governance.audit.find({ kind: 'login', user: acct.username });
    expect(audit.map((a) => a.outcome)).toEqual(expect.arrayContaining(['denied', 'locked']));
  });

  it('never stores a password, and a good sign-in returns a bearer token that works', async () => {
    const users = await stack.governance.users.find({});
    for (const u of users) expect(u.passwordHash).toMatch(/^scrypt\$/);
    const c = await stack.as('gp');
    const me = await c.request<{ me: { username: string; role: string } }>('{ me { username role } }');
    expect(me.data?.me).toEqual({ username: 'dr.okafor', role: 'gp' });
    const forged = stack.client();
    forged.token = `${c.token}x`;
    const r = await forged.request('{ me { username } }');
    expect(r.status).toBe(401);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'invalid_token' });
  });
});
