import { grantAll } from '@care/common/src/testing';
import { HealthHarness, seededPolicy, SOCIAL_WORKER, testNhs } from '../testing/fixtures';
import type { DischargeNoticeDoc } from './types';

const HF = SOCIAL_WORKER.org;
const KC = 'E09000020';
const WAITING = `query { _entities(representations: [{ __typename: "WorkWaiting", user: "someone.else" }]) {
  ... on WorkWaiting { user dischargeNoticesUnacknowledged } } }`;

const notice = (n: number, borough: string, acknowledgedAt: string | null): DischargeNoticeDoc => ({
  _id: `DN-${n}`,
  id: `DN-${n}`,
  nhsNumber: testNhs(400 + n),
  kind: 'DISCHARGE',
  hospital: 'Charing Cross',
  hospitalCode: 'RYJ',
  encounterId: `E-${n}`,
  admittedAt: '2026-11-20T09:00:00.000Z',
  plannedDischargeDate: '2026-11-25',
  notes: null,
  sentBy: 'Dr Megan Lewis',
  sentBySub: 'dr.lewis',
  senderOrg: 'RYJ',
  sentAt: '2026-11-21T09:00:00.000Z',
  borough,
  acknowledgedBy: acknowledgedAt ? 'Asha Patel' : null,
  acknowledgedAt,
  idempotencyKey: `k-${n}`,
});

describe('health counts what waits for social care staff', () => {
  let h: HealthHarness;

  beforeAll(async () => {
    h = await HealthHarness.start();
    const policy = seededPolicy();
    policy.fields = {
      ...policy.fields,
      ...grantAll(
        ['WorkWaiting.user', 'WorkWaiting.dischargeNoticesUnacknowledged'],
        ['social_worker'],
        'any',
      ).fields,
    };
    h.gw.governance.policies.set(1, policy);
    await h.store
      .collection<DischargeNoticeDoc>('dischargeNotices')
      .insertMany([
        notice(1, HF, null),
        notice(2, HF, null),
        notice(3, HF, '2026-11-22T10:00:00.000Z'),
        notice(4, KC, null),
      ]);
  });
  afterAll(() => h.stop());

  const count = async (viewer: { role: 'social_worker' | 'gp'; org: string; sub?: string }) => {
    const { body } = await h.call(viewer, WAITING);
    return {
      body,
      w: (
        body.data?._entities as { user: string; dischargeNoticesUnacknowledged: number | null }[] | undefined
      )?.[0],
    };
  };

  it("counts the caller's own borough's unacknowledged notices, whoever the key names", async () => {
    const hf = await count({ ...SOCIAL_WORKER, sub: 'sw.patel' });
    expect(hf.body.errors).toBeUndefined();
    expect(hf.w).toEqual({ user: 'sw.patel', dischargeNoticesUnacknowledged: 2 });
    expect(
      (await count({ role: 'social_worker', org: KC, sub: 'sw.kc' })).w?.dischargeNoticesUnacknowledged,
    ).toBe(1);
  });

  it('counts nothing for a role the policy does not grant it to', async () => {
    const gp = await count({ role: 'gp', org: 'E85001' });
    expect(gp.w?.dischargeNoticesUnacknowledged ?? null).toBeNull();
    expect(gp.body.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });
});
