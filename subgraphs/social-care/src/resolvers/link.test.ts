import { grantAll } from '@care/common/src/testing';
import { SOCIAL_CARE_POLICY } from '../seeded-policy';
import { ADA, startHarness, type Harness, UNMATCHED_CLIENT } from '../testing/fixtures';

const LINK = 'mutation($id: ID!, $n: NhsNumber!) { linkSocialCareClient(clientId: $id, nhsNumber: $n) }';
const ADMIN = { role: 'ig_admin' as const, org: 'NWL-ICS' };

describe('linking a held client to an NHS number', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.gw.governance.policies.set(1, {
      fields: {
        ...SOCIAL_CARE_POLICY.fields,
        ...grantAll(['Mutation.linkSocialCareClient'], ['ig_admin'], 'any').fields,
      },
    });
  });
  afterAll(() => h.stop());

  it('refuses an NHS number another client holds, changing nothing', async () => {
    const { body } = await h.gw.call(h.http.url, 'social-care', ADMIN, LINK, {
      id: UNMATCHED_CLIENT.clientId,
      n: ADA,
    });
    expect(body.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await h.docs.collection('clients').count({ nhsNumber: ADA })).toBe(1);
    const held = await h.docs
      .collection<{ _id: string; nhsNumber: string | null }>('clients')
      .findOne({ clientId: UNMATCHED_CLIENT.clientId });
    expect(held?.nhsNumber).toBeNull();
  });
});
