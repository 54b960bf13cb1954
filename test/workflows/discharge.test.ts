import { findPerson } from '../support/people';
import { Stack } from '../support/stack';
import { admit } from './admissions';
import { ext, key, signInAs } from './support';

const HF = 'E09000013';
const KC = 'E09000020';

const SEND = `mutation($input: DischargeNoticeInput!) { sendDischargeNotice(input: $input) {
  id kind hospital hospitalCode plannedDischargeDate borough delayedDays stillInHospital sentBy } }`;
const INBOX = `query($kind: DischargeNoticeKind, $open: Boolean) { dischargeNoticesInbox(kind: $kind, unacknowledgedOnly: $open) {
  id nhsNumber kind notes delayedDays acknowledgedBy } }`;
const ACK = `mutation($id: ID!) { acknowledgeDischargeNotice(id: $id) { id acknowledgedBy acknowledgedAt } }`;
const ON_RECORD = `query($n: NhsNumber!) { person(nhsNumber: $n) { dischargeNotices { id kind delayedDays plannedDischargeDate } } }`;
const SENT = `{ dischargeNoticesSent { id nhsNumber kind } }`;

type Notice = {
  id: string;
  kind: string;
  delayedDays: number | null;
  stillInHospital: boolean;
  borough: string;
};

describe('discharge notices (Devon) through the gateway', () => {
  let stack: Stack;
  let patient: string;

  beforeAll(async () => {
    stack = await Stack.start({ people: 300 });
    patient = await findPerson(stack, { knownTo: ['SOCIAL_CARE', 'HEALTH'], borough: HF });
    await admit(stack, patient, { dueDaysAgo: 4 });
  });
  afterAll(() => stack.stop());

  const notices = () => stack.subgraphs.health.store.collection('dischargeNotices').count({});
  const send = async (input: Record<string, unknown>, role = 'ae_clinician') =>
    (await stack.as(role)).request<{ sendDischargeNotice: Notice }>(SEND, {
      input: { nhsNumber: patient, kind: 'ASSESSMENT', idempotencyKey: key('dn'), ...input },
    });

  it("the hospital notifies the person's borough, which sees it in its inbox and on the record, with days delayed", async () => {
    const before = await notices();
    const input = {
      kind: 'ASSESSMENT',
      notes: 'Needs a package of care before going home',
      idempotencyKey: key('dn'),
    };
    const first = await send(input);
    expect(first.errors).toBeUndefined();
    expect(first.data?.sendDischargeNotice).toMatchObject({
      kind: 'ASSESSMENT',
      hospitalCode: 'RYJ',
      borough: HF,
      sentBy: 'Dr Megan Lewis',
    });
    const retry = await send(input);
    expect(retry.data?.sendDischargeNotice.id).toBe(first.data?.sendDischargeNotice.id);
    const dn = await send({ kind: 'DISCHARGE', notes: 'Medically fit for discharge' });
    expect(dn.data?.sendDischargeNotice).toMatchObject({
      kind: 'DISCHARGE',
      delayedDays: 4,
      stillInHospital: true,
    });
    expect(await notices()).toBe(before + 2);

    const sw = await stack.as('social_worker');
    const inbox = await sw.request<{
      dischargeNoticesInbox: {
        id: string;
        nhsNumber: string;
        delayedDays: number;
        acknowledgedBy: string | null;
      }[];
    }>(INBOX, { open: true });
    const ids = inbox.data?.dischargeNoticesInbox.map((n) => n.id);
    // The navigation counts the unacknowledged ones beside Discharge notices: the open inbox's.
    const WAITING = '{ workWaiting { dischargeNoticesUnacknowledged } }';
    const waiting = async () =>
      (await sw.request<{ workWaiting: { dischargeNoticesUnacknowledged: number } }>(WAITING)).data
        ?.workWaiting.dischargeNoticesUnacknowledged;
    const open = await waiting();
    expect(open).toBe(ids?.length);
    expect(ids).toEqual(
      expect.arrayContaining([first.data!.sendDischargeNotice.id, dn.data!.sendDischargeNotice.id]),
    );

    const acked = await sw.request<{ acknowledgeDischargeNotice: { acknowledgedBy: string } }>(ACK, {
      id: dn.data!.sendDischargeNotice.id,
    });
    expect(acked.data?.acknowledgeDischargeNotice.acknowledgedBy).toBe('Asha Patel');
    expect(await waiting()).toBe((open ?? 0) - 1);
    const stillOpen = await sw.request<{ dischargeNoticesInbox: { id: string }[] }>(INBOX, { open: true });
    expect(stillOpen.data?.dischargeNoticesInbox.map((n) => n.id)).not.toContain(
      dn.data!.sendDischargeNotice.id,
    );

    const record = await sw.request<{
      person: { dischargeNotices: { kind: string; delayedDays: number }[] };
    }>(ON_RECORD, { n: patient });
    expect(record.errors).toBeUndefined();
    expect(record.data?.person.dischargeNotices.map((n) => n.kind)).toEqual(['DISCHARGE', 'ASSESSMENT']);
    expect(record.data?.person.dischargeNotices[0].delayedDays).toBe(4);

    const sent = await (
      await stack.as('ae_clinician')
    ).request<{ dischargeNoticesSent: { id: string }[] }>(SENT);
    expect(sent.data?.dischargeNoticesSent.map((n) => n.id)).toContain(dn.data!.sendDischargeNotice.id);
  });

  it('refuses notices it cannot route or that are not the sender’s to send, writing nothing', async () => {
    const before = await notices();
    // Nobody is admitted under this NHS number.
    expect(ext(await send({ nhsNumber: '9999999999' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.nhsNumber',
    });
    // In hospital, but at another trust.
    const [, other] = (
      await stack.governance.persons.find({ borough: HF, knownTo: 'HEALTH' }, { sort: { _id: 1 } })
    )
      .map((p) => p._id)
      .filter((n) => n !== patient);
    await admit(stack, other, { hospitalCode: 'RQM' });
    const atOtherTrust = await send({ nhsNumber: other });
    expect(ext(atOtherTrust)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.nhsNumber' });
    expect(atOtherTrust.errors?.[0].message).toMatch(/no current admission at Charing Cross Hospital/);
    // Known to no borough's social care: there is nobody here to notify.
    const healthOnly = stack.seed.summary.healthOnly[0];
    await admit(stack, healthOnly);
    const unrouted = await send({ nhsNumber: healthOnly });
    expect(ext(unrouted)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.nhsNumber' });
    expect(unrouted.errors?.[0].message).toMatch(/not known to any borough/);
    expect(ext(await send({ plannedDischargeDate: 'next Tuesday' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.plannedDischargeDate',
    });
    expect(ext(await send({}, 'gp'))).toMatchObject({ code: 'FORBIDDEN', reason: 'role' });
    expect(await notices()).toBe(before);
  });

  it('another borough cannot acknowledge or read the notice', async () => {
    const sent = await send({ notes: 'Second admission review' });
    const id = sent.data!.sendDischargeNotice.id;
    const kc = await signInAs(stack, {
      username: 'sw.kc',
      name: 'Kim Chen',
      role: 'social_worker',
      org: KC,
      orgName: 'Kensington & Chelsea',
    });
    expect(ext(await kc.request(ACK, { id }))).toMatchObject({ code: 'FORBIDDEN', reason: 'relationship' });
    const inbox = await kc.request<{ dischargeNoticesInbox: { id: string }[] }>(INBOX, {});
    expect(inbox.data?.dischargeNoticesInbox.map((n) => n.id)).not.toContain(id);
  });
});
