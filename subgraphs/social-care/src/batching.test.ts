import { NedbStore, type Listening, type SubgraphService } from '@care/common';
import { TestGateway } from '@care/common/src/testing';
import { createSocialCareSubgraph } from './index';
import { SOCIAL_CARE_POLICY } from './seeded-policy';
import { SocialCareDocStore } from './store/doc-store';
import type { ReferralDoc } from './store/port';
import { ADA_CLIENT, BEN_CLIENT, HF, nhs, NOW, putFullRecords } from './testing/fixtures';

const PEOPLE = 50;

/** Every section of the record, nested objects included. */
const EVERYTHING = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Person { nhsNumber
  socialCare {
    clientId caseStatus updatedAt borough { code name dutyTeamPhone }
    allocatedWorker { id name team phone email }
    assessments { id kind status startedOn completedOn outcome }
    services { id kind description provider startDate endDate hoursPerWeek weeklyCost status }
    currentCarePackage { id kind description hoursPerWeek }
    childProtection { onPlan category planStart planEnd lookedAfter lookedAfterSince unbornChildPlan
      expectedDeliveryDate responsibleBorough { code name } contact { id name phone } }
    safeguardingAlerts { id raisedOn concern status }
    contacts { id name relationship phone isCarer isEmergencyContact }
    caseNotes { id writtenAt author text }
  }
  referrals { id status service borough { code name } history { status reason by at } createdAt }
} } }`;

const referral = (nhsNumber: string, i: number): ReferralDoc => ({
  _id: `R${i}`,
  id: `R${i}`,
  nhsNumber,
  service: 'HOME_CARE',
  urgency: 'SOON',
  reason: 'Needs help with personal care',
  consentReference: null,
  referredBy: 'Dr Test',
  referrerOrg: 'E85001',
  borough: HF,
  status: 'RECEIVED',
  history: [{ status: 'RECEIVED', reason: null, by: 'Dr Test', at: '2026-11-01T10:00:00.000Z' }],
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  idempotencyKey: `batch-key-${i}`,
});

describe('social care subgraph: batching', () => {
  let gw: TestGateway;
  let docs: NedbStore;
  let svc: SubgraphService;
  let http: Listening;
  const numbers = Array.from({ length: PEOPLE }, (_, i) => nhs(100 + i));

  beforeAll(async () => {
    gw = await TestGateway.create();
    docs = new NedbStore(null);
    const store = new SocialCareDocStore(docs);
    // Alternate adults with home care and children on plans, so every section has data.
    const clients = numbers.map((n, i) => ({
      ...(i % 2 === 0 ? ADA_CLIENT : BEN_CLIENT),
      _id: `HF1${String(i).padStart(5, '0')}`,
      clientId: `HF1${String(i).padStart(5, '0')}`,
      nhsNumber: n,
    }));
    await putFullRecords(store, clients);
    await store.putReferrals(numbers.map(referral));
    svc = await createSocialCareSubgraph(
      docs,
      gw.runtime(() => NOW),
    );
    http = await svc.listen(0);
    gw.governance.policies.set(1, SOCIAL_CARE_POLICY);
    for (const n of numbers) gw.governance.setFacts({ nhsNumber: n, borough: HF });
  });
  afterAll(() => svc.stop());

  async function readsFor(count: number): Promise<number> {
    const before = docs.stats.reads;
    const r = numbers.slice(0, count).map((nhsNumber) => ({ __typename: 'Person', nhsNumber }));
    const { body } = await gw.call(http.url, 'social-care', { role: 'social_worker', org: HF }, EVERYTHING, {
      r,
    });
    expect(body.errors).toBeUndefined();
    const people = body.data?._entities as { socialCare: { services: unknown[] }; referrals: unknown[] }[];
    expect(people).toHaveLength(count);
    expect(people.every((p) => p.socialCare.services.length === 3 && p.referrals.length === 1)).toBe(true);
    return docs.stats.reads - before;
  }

  it('reads the store as often for 50 people as for 5', async () => {
    const five = await readsFor(5);
    const fifty = await readsFor(PEOPLE);
    expect(five).toBeGreaterThan(0);
    expect(fifty).toBe(five);
  });
});
