import { GP, HealthHarness, putPatient, SOCIAL_WORKER, testNhs } from './testing/fixtures';

const QUERY = 'query($limit:Int){ practicePatients(limit:$limit){ nhsNumber } }';
const OURS = [
  { nhs: testNhs(301), familyName: 'Zubair', givenName: 'Amal' },
  { nhs: testNhs(302), familyName: 'Adeyemi', givenName: 'Tolu' },
  { nhs: testNhs(303), familyName: 'Adeyemi', givenName: 'Bisi' },
];
const THEIRS = testNhs(304);

describe('Query.practicePatients', () => {
  let h: HealthHarness;

  beforeAll(async () => {
    h = await HealthHarness.start();
    for (const p of OURS) {
      await putPatient(h.health, p.nhs, {
        demographics: {
          givenName: p.givenName,
          familyName: p.familyName,
          dateOfBirth: '1960-01-01',
          sex: 'female',
          postcode: 'W6 7AA',
        },
      });
    }
    await putPatient(h.health, THEIRS, { registeredPractice: 'E85002' });
  });
  afterAll(() => h.stop());

  const list = (body: { data?: Record<string, unknown> | null }) =>
    (body.data?.practicePatients as { nhsNumber: string }[] | null)?.map((p) => p.nhsNumber);

  it("lists only the signed-in GP's own practice, by family then given name", async () => {
    const { body } = await h.call(GP, QUERY);
    expect(body.errors).toBeUndefined();
    expect(list(body)).toEqual([OURS[2].nhs, OURS[1].nhs, OURS[0].nhs]);
    const other = await h.call({ role: 'gp', org: 'E85002' }, QUERY);
    expect(list(other.body)).toEqual([THEIRS]);
  });

  it('honours the limit', async () => {
    const { body } = await h.call(GP, QUERY, { limit: 2 });
    expect(list(body)).toEqual([OURS[2].nhs, OURS[1].nhs]);
  });

  it.each([0, -1, 501])('refuses limit %p with BAD_USER_INPUT and reads nothing', async (limit) => {
    const before = h.store.stats.reads;
    const { body } = await h.call(GP, QUERY, { limit });
    expect(body.data?.practicePatients).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(h.store.stats.reads).toBe(before);
  });

  it('is not open to roles the policy does not name', async () => {
    const { body } = await h.call(SOCIAL_WORKER, QUERY);
    expect(body.data?.practicePatients).toBeNull();
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'role' });
  });
});
