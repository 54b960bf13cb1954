import { NedbStore, type Listening, type SubgraphService } from '@care/common';
import { grantAll, TestGateway } from '@care/common/src/testing';
import { createCouncilSubgraph } from './index';
import { CouncilDocStore } from './store/doc-store';
import type { ResidentDoc } from './store/port';

const NHS = '9990000018';
const COUNCIL = 'E09000013';

const resident: ResidentDoc = {
  _id: 'C0000001',
  councilId: 'C0000001',
  nhsNumber: NHS,
  councilCode: COUNCIL,
  councilName: 'Hammersmith & Fulham',
  givenName: 'Ada',
  familyName: 'Okoro',
  dateOfBirth: '1941-03-02',
  addressHistory: [{ line: '12 Askew Road', postcode: 'W12 9AA', uprn: null, from: '2001-01-01', to: null }],
  housing: { tenure: 'COUNCIL_TENANT', landlord: 'LBHF', adaptations: [] },
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
  councilTaxSupport: { active: true, weeklyReduction: 20, band: 'C' },
};

const ENTITY_QUERY = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Person { nhsNumber council { councilId housing { tenure } housingBenefit { weeklyAward incomeStatement { totalWeekly } } } } } }`;

describe('council subgraph', () => {
  let gw: TestGateway;
  let svc: SubgraphService;
  let http: Listening;

  beforeAll(async () => {
    gw = await TestGateway.create();
    const store = new NedbStore(null);
    await new CouncilDocStore(store).putResidents([resident]);
    svc = await createCouncilSubgraph(store, gw.runtime());
    http = await svc.listen(0);
    const coords = [
      'Person.council',
      'CouncilRecord.councilId',
      'CouncilRecord.housing',
      'CouncilRecord.housingBenefit',
      'Housing.tenure',
      'HousingBenefit.weeklyAward',
    ];
    gw.governance.policies.set(1, grantAll(coords, ['housing_officer'], 'related'));
    gw.governance.setFacts({ nhsNumber: NHS, councilArea: COUNCIL });
  });
  afterAll(() => svc.stop());

  const call = (role: 'housing_officer' | 'gp', org = COUNCIL) =>
    gw.call(http.url, 'council', { role, org }, ENTITY_QUERY, {
      r: [{ __typename: 'Person', nhsNumber: NHS }],
    });

  it('resolves a Person entity through the shield for a related officer', async () => {
    const { body } = await call('housing_officer');
    const person = (body.data?._entities as { council: Record<string, unknown> }[])[0];
    expect(person.council.councilId).toBe('C0000001');
    expect(person.council.housing).toEqual({ tenure: 'COUNCIL_TENANT' });
    expect((person.council.housingBenefit as Record<string, unknown>).weeklyAward).toBe(120.5);
  });

  it('denies ungranted fields with FORBIDDEN on their path and returns the rest', async () => {
    const { body } = await call('housing_officer');
    const denied = body.errors?.find(
      (e) => e.path?.join('.') === '_entities.0.council.housingBenefit.incomeStatement',
    );
    expect(denied?.extensions?.code).toBe('FORBIDDEN');
    expect(denied?.extensions?.reason).toBe('role');
    const report = body.extensions?.careAccess as { persons: string[]; denied: { field: string }[] }[];
    const theirs = report.filter((g) => g.persons.includes(NHS));
    expect(theirs).toHaveLength(1);
    expect(theirs[0].denied.map((d) => d.field)).toContain('HousingBenefit.incomeStatement');
  });

  it('denies a related-only field to an officer of another council (relationship)', async () => {
    const { body } = await call('housing_officer', 'E09000020');
    const person = (body.data?._entities as { council: unknown }[])[0];
    expect(person.council).toBeNull();
    expect(body.errors?.[0].extensions?.reason).toBe('relationship');
  });

  it('denies a role the policy does not name', async () => {
    const { body } = await call('gp', 'E85001');
    expect((body.data?._entities as { council: unknown }[])[0].council).toBeNull();
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'role' });
  });

  it('refuses a call with no signed context, and a replayed one', async () => {
    const bare = await gw.call(http.url, 'council', null, ENTITY_QUERY, { r: [] });
    expect(bare.status).toBe(401);
    expect(bare.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const token = await gw.signer.sign(gw.context({ role: 'housing_officer', org: COUNCIL }), 'council', {
      query: ENTITY_QUERY,
      variables: { r: [] },
    });
    const send = () =>
      fetch(`${http.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-care-context': token },
        body: JSON.stringify({ query: ENTITY_QUERY, variables: { r: [] } }),
      });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(401);
  });

  it('refuses a token signed for another subgraph, another query or other variables', async () => {
    const ctx = gw.context({ role: 'housing_officer', org: COUNCIL });
    const sent = { query: ENTITY_QUERY, variables: { r: [] } };
    for (const token of [
      await gw.signer.sign(ctx, 'health', sent),
      await gw.signer.sign(ctx, 'council', { ...sent, query: '{ __typename }' }),
      await gw.signer.sign(ctx, 'council', {
        ...sent,
        variables: { r: [{ __typename: 'Person', nhsNumber: '9990000018' }] },
      }),
    ]) {
      const res = await fetch(`${http.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-care-context': token },
        body: JSON.stringify({ query: ENTITY_QUERY, variables: { r: [] } }),
      });
      expect(res.status).toBe(401);
    }
  });
});
