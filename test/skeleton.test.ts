import { Stack } from './support/stack';

const PERSON = `query Person($n: NhsNumber!) {
  person(nhsNumber: $n) {
    nhsNumber knownTo
    socialCare { caseStatus allocatedWorker { name phone } }
    health { registeredPractice { name } conditions { display } }
    council { councilId }
  }
}`;

describe('the federated care record, end to end', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ people: 400 });
  });
  afterAll(() => stack.stop());

  it('answers health with every subgraph up', async () => {
    const res = await fetch(`${stack.url}/health`);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      subgraphs: { 'social-care': 'ok', health: 'ok', council: 'ok' },
    });
  });

  it('returns social care, health and council fields for a seeded person through the gateway', async () => {
    const gp = await stack.as('gp');
    const nhs = stack.seed.summary.richfordGatePatientsKnownToAll[0];
    const r = await gp.request<{ person: Record<string, unknown> }>(PERSON, { n: nhs });
    expect(r.data?.person).toMatchObject({ nhsNumber: nhs, knownTo: ['SOCIAL_CARE', 'HEALTH', 'COUNCIL'] });
    expect(r.data?.person.health).toMatchObject({
      registeredPractice: { name: 'Richford Gate Health Centre' },
    });
  });

  it('resolves a person known to only one system', async () => {
    const hb = await stack.as('housing_officer');
    const nhs = stack.seed.summary.councilOnly.find(
      (n) => stack.seed.population.people.find((p) => p.nhsNumber === n)?.borough === 'E09000013',
    );
    const r = await hb.request<{ person: { knownTo: string[]; council: { councilId: string } | null } }>(
      'query($n: NhsNumber!){ person(nhsNumber:$n){ knownTo council { councilId } } }',
      { n: nhs },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.person.knownTo).toEqual(['COUNCIL']);
    expect(r.data?.person.council?.councilId).toMatch(/^C\d+/);
  });

  it('rejects an invalid NHS number with BAD_USER_INPUT, whoever asks', async () => {
    const gp = await stack.as('gp');
    for (const n of ['9990000019', '12345', 'DROP TABLE']) {
      const bad = await gp.request(PERSON, { n });
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0].message).toMatch(/modulus 11/);
    }
  });

  it('says NOT_FOUND for an unknown person only to a role that may look anyone up', async () => {
    const query = 'query($n: NhsNumber!){ person(nhsNumber:$n){ nhsNumber } }';
    const ae = await stack.as('ae_clinician');
    expect((await ae.request(query, { n: '9999999999' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // A GP has no relationship with a person nobody knows: the answer must not reveal whether they exist.
    const gp = await stack.as('gp');
    expect((await gp.request(query, { n: '9999999999' })).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'relationship',
    });
  });

  it('gives partial data naming the source when a subgraph is down, then recovers', async () => {
    const gp = await stack.as('gp');
    const nhs = stack.seed.summary.richfordGatePatientsKnownToAll[0];
    await stack.stopSubgraph('health');
    try {
      const r = await gp.request<{ person: Record<string, unknown> }>(PERSON, { n: nhs });
      expect(r.status).toBe(200);
      expect(r.data?.person.socialCare).not.toBeNull();
      expect(r.data?.person.health).toBeNull();
      const err = r.errors?.find((e) => e.extensions?.code === 'SOURCE_UNAVAILABLE');
      expect(err?.extensions?.source).toBe('health');
      expect(err?.message).toMatch(/health/);
    } finally {
      await stack.restartSubgraph('health');
    }
    const again = await gp.request<{ person: Record<string, unknown> }>(PERSON, { n: nhs });
    expect(again.data?.person.health).not.toBeNull();
  });

  it('answers a malformed query with a clear code and keeps serving', async () => {
    const gp = await stack.as('gp');
    const r = await gp.request('query { person(nhsNumber: "9990000018") { nhsNumber ');
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const ok = await fetch(`${stack.url}/health`);
    expect(ok.status).toBe(200);
  });
});
