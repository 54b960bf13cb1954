import { ADA, CARA, HF, PRACTICE, startHarness, type Harness } from './testing/fixtures';

const CASELOAD = `query($status: CaseStatus, $cp: Boolean, $limit: Int) {
  myCaseload(status: $status, childProtectionOnly: $cp, limit: $limit) {
    person { nhsNumber } nhsNumber name dateOfBirth caseStatus childProtectionFlag lastActivityAt
  }
}`;

describe('social care subgraph: myCaseload', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  const caseload = (vars: Record<string, unknown> = {}, sub = 'sw.patel') =>
    h.gw.call(h.http.url, 'social-care', { role: 'social_worker', org: HF, sub }, CASELOAD, vars);
  const entries = (body: Awaited<ReturnType<typeof caseload>>['body']) =>
    body.data?.myCaseload as Record<string, unknown>[] | null;

  it("lists the worker's own clients with an NHS number, most recent activity first", async () => {
    const { body } = await caseload();
    expect(body.errors).toBeUndefined();
    expect(entries(body)).toEqual([
      {
        person: { nhsNumber: ADA },
        nhsNumber: ADA,
        name: 'Ada Okoro',
        dateOfBirth: '1941-03-02',
        caseStatus: 'ALLOCATED',
        childProtectionFlag: false,
        lastActivityAt: '2026-11-20T09:00:00.000Z',
      },
      {
        person: { nhsNumber: CARA },
        nhsNumber: CARA,
        name: 'Cara Doyle',
        dateOfBirth: '2012-02-02',
        caseStatus: 'REVIEW',
        childProtectionFlag: true,
        lastActivityAt: '2026-09-01T09:00:00.000Z',
      },
    ]);
  });

  it('filters by status and by the child protection flag, and applies the limit', async () => {
    const nhsOf = async (vars: Record<string, unknown>) =>
      entries((await caseload(vars)).body)?.map((e) => e.nhsNumber);
    expect(await nhsOf({ status: 'REVIEW' })).toEqual([CARA]);
    expect(await nhsOf({ status: 'ALLOCATED' })).toEqual([ADA]);
    expect(await nhsOf({ cp: true })).toEqual([CARA]);
    expect(await nhsOf({ status: 'CLOSED' })).toEqual([]);
    expect(await nhsOf({ limit: 1 })).toEqual([ADA]);
  });

  it('is empty for a worker with no allocations', async () => {
    expect(entries((await caseload({}, 'sw.nobody')).body)).toEqual([]);
  });

  it.each([0, 501, -3])('refuses limit %p with BAD_USER_INPUT', async (limit) => {
    const { body } = await caseload({ limit });
    expect(entries(body)).toBeNull();
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'limit' });
  });

  it('is not open to a GP', async () => {
    const { body } = await h.gw.call(h.http.url, 'social-care', { role: 'gp', org: PRACTICE }, CASELOAD, {});
    expect(entries(body)).toBeNull();
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'role' });
  });
});
