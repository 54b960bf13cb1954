import { findPerson } from '../support/people';
import { Stack } from '../support/stack';
import type { GatewayClient } from '../support/client';
import { ext, key } from './support';

const HF = 'E09000013';
const RICHFORD = 'E85001';

const CREATE = `mutation($input: ReferralInput!) { createReferral(input: $input) { id status borough { code } } }`;
const UPDATE = `mutation($id: ID!, $status: ReferralStatus!, $reason: String) {
  updateReferralStatus(id: $id, status: $status, reason: $reason) { id status }
}`;
const INBOX = `query($status: ReferralStatus) { referralsInbox(status: $status) { id nhsNumber status urgency reason } }`;
const SENT = `{ referralsSent { id status history { status reason by at } } }`;
const ON_RECORD = `query($n: NhsNumber!) { person(nhsNumber: $n) { referrals { id status service urgency consentReference history { status reason } } } }`;

type Ref = { id: string; status: string };

describe('referrals (JET) through the gateway', () => {
  let stack: Stack;
  let nhs: string;

  beforeAll(async () => {
    stack = await Stack.start({ people: 300 });
    nhs = await findPerson(stack, { knownTo: ['SOCIAL_CARE', 'HEALTH'], gpPractice: RICHFORD, borough: HF });
  });
  afterAll(() => stack.stop());

  const WAITING = '{ workWaiting { referralsReceived } }';
  const waiting = async (who: GatewayClient) => {
    const r = await who.request<{ workWaiting: { referralsReceived: number } }>(WAITING);
    expect(r.errors).toBeUndefined();
    return r.data?.workWaiting.referralsReceived ?? Number.NaN;
  };
  const referralsIn = async () =>
    (await stack.subgraphs['social-care'].store.collection('referrals').count({ nhsNumber: nhs })) as number;

  it('a GP refers, a retried request makes one referral, the borough triages, and the GP sees status and history', async () => {
    const gp = await stack.as('gp');
    const sw = await stack.as('social_worker');
    const input = {
      nhsNumber: nhs,
      service: 'ADAPTATION',
      urgency: 'SOON',
      reason: 'Two falls on the front step: please assess for handrails',
      consentReference: 'JET-CONSENT-1',
      idempotencyKey: key('ref'),
    };
    const before = await referralsIn();
    const waitingBefore = await waiting(sw);
    const first = await gp.request<{ createReferral: Ref }>(CREATE, { input });
    const retry = await gp.request<{ createReferral: Ref }>(CREATE, { input });
    expect(first.errors).toBeUndefined();
    expect(retry.data?.createReferral.id).toBe(first.data?.createReferral.id);
    expect(await referralsIn()).toBe(before + 1);
    const id = first.data!.createReferral.id;
    expect(first.data?.createReferral).toMatchObject({ status: 'RECEIVED', borough: { code: HF } });

    const inbox = await sw.request<{ referralsInbox: { id: string; urgency: string }[] }>(INBOX, {
      status: 'RECEIVED',
    });
    expect(inbox.data?.referralsInbox.find((r) => r.id === id)).toMatchObject({ urgency: 'SOON' });
    // The navigation counts it beside Referrals until it is triaged, and the count is the inbox's.
    expect(await waiting(sw)).toBe(waitingBefore + 1);
    expect(await waiting(sw)).toBe(inbox.data?.referralsInbox.length);

    for (const [status, reason] of [
      ['TRIAGED', 'Meets the threshold'],
      ['ASSESSMENT_BOOKED', 'OT visit on Tuesday'],
      ['SERVICE_PROVIDED', 'Rails fitted'],
    ]) {
      const moved = await sw.request<{ updateReferralStatus: Ref }>(UPDATE, { id, status, reason });
      expect(moved.data?.updateReferralStatus.status).toBe(status);
    }
    expect(await waiting(sw)).toBe(waitingBefore);
    // A count names nobody; the GP has no inbox to count.
    expect(ext(await gp.request(WAITING))).toMatchObject({ code: 'FORBIDDEN' });

    const sent = await gp.request<{
      referralsSent: { id: string; status: string; history: { status: string; by: string }[] }[];
    }>(SENT);
    const mine = sent.data?.referralsSent.find((r) => r.id === id);
    expect(mine?.status).toBe('SERVICE_PROVIDED');
    expect(mine?.history.map((h) => h.status)).toEqual([
      'RECEIVED',
      'TRIAGED',
      'ASSESSMENT_BOOKED',
      'SERVICE_PROVIDED',
    ]);
    expect(mine?.history[1].by).toBe('Asha Patel');

    const onRecord = await gp.request<{
      person: { referrals: { id: string; history: { reason: string }[] }[] };
    }>(ON_RECORD, { n: nhs });
    expect(onRecord.data?.person.referrals.find((r) => r.id === id)?.history[2].reason).toBe(
      'OT visit on Tuesday',
    );
  });

  it('refuses an invalid transition and changes nothing; both attempts are audited', async () => {
    const gp = await stack.as('gp');
    const sw = await stack.as('social_worker');
    const created = await gp.request<{ createReferral: Ref }>(CREATE, {
      input: {
        nhsNumber: nhs,
        service: 'HOME_CARE',
        urgency: 'ROUTINE',
        reason: 'Struggling with meals',
        idempotencyKey: key('ref'),
      },
    });
    const id = created.data!.createReferral.id;
    const bad = await sw.request(UPDATE, { id, status: 'SERVICE_PROVIDED' });
    expect(ext(bad)).toMatchObject({ code: 'BAD_USER_INPUT', allowed: ['TRIAGED', 'DECLINED'] });
    const stored = await stack.subgraphs['social-care'].store
      .collection<{ _id: string; status: string; history: unknown[] }>('referrals')
      .findOne({ _id: id });
    expect(stored).toMatchObject({ status: 'RECEIVED', history: [expect.anything()] });
    const audit = await stack.governance.audit.find({ user: 'sw.patel', kind: 'write' });
    const notes = audit.map((a) => a.note);
    expect(notes).toEqual(
      expect.arrayContaining(['attempt: updateReferralStatus', 'outcome: updateReferralStatus']),
    );
  });

  it('refuses a referral for a person unknown to the GP, writing nothing', async () => {
    const gp = await stack.as('gp');
    const total = await stack.subgraphs['social-care'].store.collection('referrals').count({});
    const r = await gp.request(CREATE, {
      input: {
        nhsNumber: '9999999999',
        service: 'ASSESSMENT',
        urgency: 'URGENT',
        reason: 'x',
        idempotencyKey: key('ref'),
      },
    });
    expect(ext(r)).toMatchObject({ code: 'FORBIDDEN', reason: 'relationship' });
    expect(await stack.subgraphs['social-care'].store.collection('referrals').count({})).toBe(total);
  });
});
