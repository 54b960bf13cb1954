import type { ClientDoc, ServiceDoc } from '../../subgraphs/social-care/src/store/port';
import { Stack } from '../support/stack';
import { ext, key, signInAs } from './support';

const HF = 'E09000013';
const RICHFORD = 'E85001';

const PROPOSE = `mutation($input: CorrectionInput!) { proposeCorrection(input: $input) {
  id status field coordinate oldValue proposedValue targetLabel borough { code } } }`;
const ACCEPT = `mutation($id: ID!, $note: String) { acceptCorrection(id: $id, note: $note) {
  id status decidedBy decidedAt oldValue proposedValue } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectCorrection(id: $id, reason: $reason) { id status decisionReason } }`;
const PROPOSED = `query($status: CorrectionStatus) { correctionsProposed(status: $status) { id status decisionReason decidedBy } }`;
const INBOX = `query($status: CorrectionStatus) { correctionsInbox(status: $status) { id nhsNumber status reason proposedBy } }`;
const RECORD = `query($n: NhsNumber!, $since: String) { person(nhsNumber: $n) { socialCare {
  contacts { id name phone }
  currentCarePackage { id hoursPerWeek }
  changeNotices(since: $since) { id coordinate targetId oldValue proposedValue proposedBy decidedBy decidedAt }
} } }`;

type Correction = { id: string; status: string; oldValue: string | null; proposedValue: string };

describe('corrections (JET, CIS data integrity) through the gateway', () => {
  let stack: Stack;
  let person: {
    nhs: string;
    contactId: string;
    phone: string | null;
    serviceId: string;
    hours: number | null;
  };

  beforeAll(async () => {
    stack = await Stack.start({ people: 400 });
    // A Richford Gate patient in the home borough whose record has a contact and a home care package,
    // with consent for social care to health (so their GP sees the record they correct).
    const sc = stack.subgraphs['social-care'].store;
    const clients = await sc.collection<ClientDoc>('clients').find({ borough: HF });
    const services = await sc
      .collection<ServiceDoc>('services')
      .find({ kind: 'HOME_CARE', status: 'active' });
    const index = new Map((await stack.governance.persons.find({})).map((p) => [p._id, p]));
    const consents = await stack.governance.consents.find({ flow: 'social_care_to_health', state: 'active' });
    const consented = new Set(consents.map((c) => c.nhsNumber));
    for (const c of clients) {
      const svc = services.find((s) => s.nhsNumber === c.nhsNumber);
      if (!c.nhsNumber || !svc || !c.contacts.length || !consented.has(c.nhsNumber)) continue;
      if (index.get(c.nhsNumber)?.gpPractice !== RICHFORD) continue;
      person = {
        nhs: c.nhsNumber,
        contactId: c.contacts[0].id,
        phone: c.contacts[0].phone,
        serviceId: svc.id,
        hours: svc.hoursPerWeek,
      };
      break;
    }
    if (!person) throw new Error('no suitable seeded person');
  });
  afterAll(() => stack.stop());

  const client = () =>
    stack.subgraphs['social-care'].store
      .collection<ClientDoc & { corrections?: unknown[] }>('clients')
      .findOne({ nhsNumber: person.nhs });
  const propose = async (over: Record<string, unknown>) =>
    (await stack.as('gp')).request<{ proposeCorrection: Correction }>(PROPOSE, {
      input: {
        nhsNumber: person.nhs,
        field: 'CONTACT_PHONE',
        targetId: person.contactId,
        proposedValue: '07700 900 456',
        reason: 'The daughter gave us her new mobile number at the surgery',
        idempotencyKey: key('cor'),
        ...over,
      },
    });

  it('a GP proposes; nothing changes until the borough accepts; accepting applies it with provenance and a change notice', async () => {
    const gp = await stack.as('gp');
    const sw = await stack.as('social_worker');
    const since = new Date().toISOString();
    const before = await client();
    const proposed = await propose({});
    expect(proposed.errors).toBeUndefined();
    expect(proposed.data?.proposeCorrection).toMatchObject({
      status: 'PROPOSED',
      coordinate: 'Contact.phone',
      oldValue: person.phone,
      proposedValue: '07700 900 456',
      borough: { code: HF },
    });
    const id = proposed.data!.proposeCorrection.id;
    expect(await client()).toEqual(before);

    const inbox = await sw.request<{ correctionsInbox: { id: string; proposedBy: string }[] }>(INBOX, {
      status: 'PROPOSED',
    });
    expect(inbox.data?.correctionsInbox.find((c) => c.id === id)?.proposedBy).toBe('Dr Chidi Okafor');
    // The navigation counts what awaits the borough's decision beside Corrections: the inbox's.
    const WAITING = '{ workWaiting { correctionsProposed } }';
    const waiting = async () =>
      (await sw.request<{ workWaiting: { correctionsProposed: number } }>(WAITING)).data?.workWaiting
        .correctionsProposed;
    const proposedCount = await waiting();
    expect(proposedCount).toBe(inbox.data?.correctionsInbox.length);

    const accepted = await sw.request<{ acceptCorrection: Correction & { decidedBy: string } }>(ACCEPT, {
      id,
      note: 'Confirmed by phone',
    });
    expect(accepted.data?.acceptCorrection).toMatchObject({ status: 'ACCEPTED', decidedBy: 'Asha Patel' });
    expect(await waiting()).toBe((proposedCount ?? 0) - 1);

    const after = await client();
    expect(after?.contacts.find((c) => c.id === person.contactId)?.phone).toBe('07700 900 456');
    expect(after?.corrections).toEqual([
      expect.objectContaining({
        correctionId: id,
        oldValue: person.phone,
        newValue: '07700 900 456',
        proposedBy: 'Dr Chidi Okafor',
        proposerOrg: RICHFORD,
        acceptedBy: 'Asha Patel',
      }),
    ]);

    // Whoever looked at the old number sees that it changed, and who changed it.
    const seen = await gp.request<{
      person: {
        socialCare: { contacts: { id: string; phone: string }[]; changeNotices: Record<string, unknown>[] };
      };
    }>(RECORD, { n: person.nhs, since });
    expect(seen.data?.person.socialCare.changeNotices).toEqual([
      expect.objectContaining({
        id,
        coordinate: 'Contact.phone',
        oldValue: person.phone,
        proposedValue: '07700 900 456',
        decidedBy: 'Asha Patel',
      }),
    ]);
    const mine = await gp.request<{ correctionsProposed: { id: string; status: string }[] }>(PROPOSED, {});
    expect(mine.data?.correctionsProposed.find((c) => c.id === id)?.status).toBe('ACCEPTED');
  });

  it('a rejection carries its reason back to the proposer and changes nothing', async () => {
    const sw = await stack.as('social_worker');
    const gp = await stack.as('gp');
    const before = await client();
    const proposed = await propose({
      field: 'CARE_PACKAGE_HOURS',
      targetId: person.serviceId,
      proposedValue: '21',
    });
    expect(proposed.errors).toBeUndefined();
    const id = proposed.data!.proposeCorrection.id;
    const rejected = await sw.request<{ rejectCorrection: { status: string } }>(REJECT, {
      id,
      reason: 'Hours were reviewed last week: 14 is right',
    });
    expect(rejected.data?.rejectCorrection.status).toBe('REJECTED');
    const mine = await gp.request<{
      correctionsProposed: { id: string; decisionReason: string; decidedBy: string }[];
    }>(PROPOSED, { status: 'REJECTED' });
    expect(mine.data?.correctionsProposed.find((c) => c.id === id)).toMatchObject({
      decisionReason: 'Hours were reviewed last week: 14 is right',
      decidedBy: 'Asha Patel',
    });
    expect(await client()).toEqual(before);
    const svc = await stack.subgraphs['social-care'].store
      .collection<ServiceDoc>('services')
      .findOne({ _id: person.serviceId });
    expect(svc?.hoursPerWeek).toBe(person.hours);
  });

  it('refuses bad proposals and invalid decisions, changing nothing', async () => {
    const sw = await stack.as('social_worker');
    const count = () => stack.subgraphs['social-care'].store.collection('corrections').count({});
    const before = await count();
    expect(ext(await propose({ field: 'CONTACT_PHONE', proposedValue: 'call me' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.proposedValue',
    });
    expect(ext(await propose({ targetId: 'no-such-contact' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.targetId',
    });
    expect(ext(await propose({ nhsNumber: '9999999999' }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'relationship',
    });
    expect(await count()).toBe(before);

    const proposed = await propose({ proposedValue: '020 7946 0999' });
    const id = proposed.data!.proposeCorrection.id;
    // A second open proposal for the same value would be decided against a stale value: refused.
    expect(ext(await propose({ proposedValue: '020 7946 0123' }))).toMatchObject({
      code: 'CONFLICT',
      correctionId: id,
    });
    expect(ext(await sw.request(REJECT, { id, reason: '  ' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'reason',
    });
    await sw.request(REJECT, { id, reason: 'Not her number' });
    const again = await sw.request(ACCEPT, { id });
    expect(ext(again)).toMatchObject({ code: 'BAD_USER_INPUT', status: 'REJECTED' });
    expect((await client())?.contacts.find((c) => c.id === person.contactId)?.phone).not.toBe(
      '020 7946 0999',
    );
    expect(ext(await sw.request(ACCEPT, { id: 'no-such-correction' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to apply a correction to a value that changed since it was proposed, keeping it open', async () => {
    const sw = await stack.as('social_worker');
    const proposed = await propose({ proposedValue: '020 8000 1111' });
    const id = proposed.data!.proposeCorrection.id;
    // The borough updates the number itself before anyone looks at the proposal.
    const c = await client();
    const contacts = c!.contacts.map((k) =>
      k.id === person.contactId ? { ...k, phone: '020 8000 2222' } : k,
    );
    await stack.subgraphs['social-care'].store
      .collection('clients')
      .updateOne({ _id: c!._id }, { $set: { contacts } });
    expect(ext(await sw.request(ACCEPT, { id }))).toMatchObject({ code: 'CONFLICT', correctionId: id });
    expect((await client())?.contacts.find((k) => k.id === person.contactId)?.phone).toBe('020 8000 2222');
    const inbox = await sw.request<{ correctionsInbox: { id: string; status: string }[] }>(INBOX, {
      status: 'PROPOSED',
    });
    expect(inbox.data?.correctionsInbox.find((k) => k.id === id)?.status).toBe('PROPOSED');
    await sw.request(REJECT, { id, reason: 'Superseded' });
  });

  it('is decided only by the owning borough, and proposed only by a GP', async () => {
    const gp = await stack.as('gp');
    const proposed = await propose({ field: 'CONTACT_NAME', proposedValue: 'Grace Okoro-Smith' });
    const id = proposed.data!.proposeCorrection.id;
    expect(ext(await gp.request(ACCEPT, { id }))).toMatchObject({ code: 'FORBIDDEN', reason: 'role' });
    const kc = await signInAs(stack, {
      username: 'sw.kc',
      name: 'Kim Chen',
      role: 'social_worker',
      org: 'E09000020',
      orgName: 'Kensington & Chelsea',
    });
    expect(ext(await kc.request(ACCEPT, { id }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'relationship',
    });
    expect(ext(await kc.request(REJECT, { id, reason: 'not ours' }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'relationship',
    });
    const kcInbox = await kc.request<{ correctionsInbox: { id: string }[] }>(INBOX, {});
    expect(kcInbox.data?.correctionsInbox.map((k) => k.id)).not.toContain(id);
    const sw = await stack.as('social_worker');
    const r = await sw.request(PROPOSE, {
      input: {
        nhsNumber: person.nhs,
        field: 'CONTACT_NAME',
        targetId: person.contactId,
        proposedValue: 'X',
        reason: 'y',
        idempotencyKey: key('cor'),
      },
    });
    expect(ext(r)).toMatchObject({ code: 'FORBIDDEN', reason: 'role' });
  });
  it('shows the borough who viewed the old value before it changed (from the audit trail)', async () => {
    const gp = await stack.as('gp');
    const sw = await stack.as('social_worker');
    await gp.request(RECORD, { n: person.nhs }); // the GP sees the contact's phone: audited as Contact.phone
    const proposed = await propose({ proposedValue: '07700 900 789' });
    const id = proposed.data!.proposeCorrection.id;
    await sw.request(ACCEPT, { id, note: 'checked' });
    const r = await sw.request<{
      correctionsInbox: { id: string; recentViewers: { user: string; role: string }[] }[];
    }>(
      'query { correctionsInbox(status: ACCEPTED) { id recentViewers(days: 7) { user role org lastViewedAt } } }',
    );
    expect(r.errors).toBeUndefined();
    const viewers = r.data?.correctionsInbox.find((c) => c.id === id)?.recentViewers ?? [];
    expect(viewers).toContainEqual(expect.objectContaining({ user: 'dr.okafor', role: 'gp' }));
  });
});
