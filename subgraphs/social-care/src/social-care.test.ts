import { ADA, BEN, CARA, DAN, HF, KC, PRACTICE, startHarness, type Harness } from './testing/fixtures';

const RECORD_QUERY = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Person { nhsNumber socialCare {
  clientId caseStatus borough { code name dutyTeamPhone }
  allocatedWorker { id name phone }
  currentCarePackage { kind description hoursPerWeek }
  services { id kind status }
  assessments { id kind outcome }
  caseNotes { id text }
  contacts { name relationship isCarer }
  safeguardingAlerts { concern }
  childProtection { onPlan }
} } } }`;

const CP_QUERY = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Person { nhsNumber socialCare {
  childProtection { onPlan category planStart lookedAfter unbornChildPlan
    responsibleBorough { code name dutyTeamPhone } contact { id name team phone } }
} } } }`;

type Body = Awaited<ReturnType<Harness['gw']['call']>>['body'];
const first = (body: Body) =>
  (body.data?._entities as { socialCare: Record<string, unknown> | null }[])[0].socialCare;
const errorAt = (body: Body, path: string) => body.errors?.find((e) => e.path?.join('.') === path);
const rep = (nhsNumber: string) => ({ r: [{ __typename: 'Person', nhsNumber }] });

describe('social care subgraph: the person record through the shield', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('resolves the whole record for a social worker of the borough', async () => {
    const { body } = await h.gw.call(
      h.http.url,
      'social-care',
      { role: 'social_worker', org: HF },
      RECORD_QUERY,
      rep(ADA),
    );
    expect(body.errors).toBeUndefined();
    const rec = first(body)!;
    expect(rec.clientId).toBe('HF000001');
    expect(rec.borough).toEqual({ code: HF, name: 'Hammersmith & Fulham', dutyTeamPhone: '020 8753 6600' });
    expect(rec.allocatedWorker).toMatchObject({ id: 'sw.patel', name: 'Asha Patel' });
    // Newest first; the current package is the active home care, not the newer adaptation.
    expect((rec.services as { id: string }[]).map((s) => s.id)).toEqual([
      'HF000001-S3',
      'HF000001-S2',
      'HF000001-S1',
    ]);
    expect(rec.currentCarePackage).toEqual({
      kind: 'HOME_CARE',
      description: 'Two visits a day for personal care and meals',
      hoursPerWeek: 7,
    });
    expect((rec.assessments as { kind: string }[]).map((a) => a.kind)).toEqual([
      'OCCUPATIONAL_THERAPY',
      'NEEDS',
    ]);
    expect(rec.caseNotes).toEqual([{ id: 'HF000001-N1', text: 'Review visit: package meeting needs.' }]);
    expect(rec.contacts).toEqual([{ name: 'Grace Okoro', relationship: 'Daughter', isCarer: true }]);
    expect(rec.childProtection).toBeNull();
  });

  it('gives a GP the summary: case notes, assessments and alerts are FORBIDDEN on their path, siblings return', async () => {
    const { body } = await h.gw.call(
      h.http.url,
      'social-care',
      { role: 'gp', org: PRACTICE },
      RECORD_QUERY,
      rep(ADA),
    );
    const rec = first(body)!;
    expect(rec.caseNotes).toBeNull();
    expect(rec.assessments).toBeNull();
    expect(rec.services).toBeNull();
    expect(rec.safeguardingAlerts).toBeNull();
    for (const f of ['caseNotes', 'assessments', 'services', 'safeguardingAlerts']) {
      expect(errorAt(body, `_entities.0.socialCare.${f}`)?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'role',
      });
    }
    expect(rec.allocatedWorker).toMatchObject({ name: 'Asha Patel', phone: '020 8753 0101' });
    expect((rec.currentCarePackage as { kind: string }).kind).toBe('HOME_CARE');
    expect(rec.contacts).toHaveLength(1);
    const report = body.extensions?.careAccess as { persons: string[]; denied: { field: string }[] }[];
    expect(report.find((g) => g.persons.includes(ADA))?.denied.map((d) => d.field)).toContain(
      'SocialCareRecord.caseNotes',
    );
  });

  it('refuses a social worker of another borough (relationship)', async () => {
    const { body } = await h.gw.call(
      h.http.url,
      'social-care',
      { role: 'social_worker', org: KC },
      RECORD_QUERY,
      rep(ADA),
    );
    expect(first(body)).toBeNull();
    expect(errorAt(body, '_entities.0.socialCare')?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'relationship',
    });
  });

  it('refuses a GP of another practice, and a housing officer of the borough', async () => {
    const gp = await h.gw.call(
      h.http.url,
      'social-care',
      { role: 'gp', org: 'E85002' },
      RECORD_QUERY,
      rep(ADA),
    );
    expect(errorAt(gp.body, '_entities.0.socialCare')?.extensions?.reason).toBe('relationship');
    const housing = await h.gw.call(
      h.http.url,
      'social-care',
      { role: 'housing_officer', org: HF },
      RECORD_QUERY,
      rep(ADA),
    );
    expect(errorAt(housing.body, '_entities.0.socialCare')?.extensions?.reason).toBe('role');
  });

  it('shows A&E the child protection plan with the duty team when nobody is allocated, and notifies', async () => {
    const { body } = await h.gw.call(
      h.http.url,
      'social-care',
      { role: 'ae_clinician', org: 'RYJ' },
      CP_QUERY,
      rep(BEN),
    );
    expect(body.errors).toBeUndefined();
    expect(first(body)?.childProtection).toEqual({
      onPlan: true,
      category: 'NEGLECT',
      planStart: '2026-06-01',
      lookedAfter: false,
      unbornChildPlan: false,
      responsibleBorough: { code: HF, name: 'Hammersmith & Fulham', dutyTeamPhone: '020 8753 6600' },
      contact: {
        id: `duty.${HF}`,
        name: 'Hammersmith & Fulham duty team',
        team: "Children's duty",
        phone: '020 8753 6600',
      },
    });
    const report = body.extensions?.careAccess as { persons: string[]; notify: string[] }[];
    expect(report.find((g) => g.persons.includes(BEN))?.notify).toContain('ChildProtection.onPlan');
  });

  it('gives A&E nothing but child protection', async () => {
    const { body } = await h.gw.call(
      h.http.url,
      'social-care',
      { role: 'cp_nurse', org: 'RYJ' },
      `query($r:[_Any!]!){ _entities(representations:$r){ ... on Person { socialCare { caseStatus allocatedWorker { name } } } } }`,
      rep(ADA),
    );
    const rec = first(body)!;
    expect(rec).toEqual({ caseStatus: null, allocatedWorker: null });
    expect(body.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('names the allocated worker as the child protection contact when there is one', async () => {
    const { body } = await h.gw.call(
      h.http.url,
      'social-care',
      { role: 'cp_nurse', org: 'RYJ' },
      CP_QUERY,
      rep(CARA),
    );
    expect(first(body)?.childProtection).toMatchObject({
      onPlan: false,
      lookedAfter: true,
      contact: { id: 'sw.patel', name: 'Asha Patel', team: 'Adults West', phone: '020 8753 0101' },
    });
  });

  it('has no child protection section for an adult without involvement', async () => {
    const { body } = await h.gw.call(
      h.http.url,
      'social-care',
      { role: 'ae_clinician', org: 'RYJ' },
      CP_QUERY,
      rep(DAN),
    );
    // Dan is an adult with no child protection involvement: null, not an empty plan.
    expect(first(body)?.childProtection).toBeNull();
  });

  it('returns null social care for a person social care does not know', async () => {
    const { body } = await h.gw.call(
      h.http.url,
      'social-care',
      { role: 'ae_clinician', org: 'RYJ' },
      CP_QUERY,
      rep('9434765919'),
    );
    expect(body.errors).toBeUndefined();
    expect(first(body)).toBeNull();
  });
});
