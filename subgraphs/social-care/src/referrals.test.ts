import type { Collection, Doc, DocStore, NedbStore } from '@care/common';
import { SocialCareDocStore } from './store/doc-store';
import type { ReferralDoc } from './store/port';
import { ADA, CARA, HF, KC, nhs, PRACTICE, startHarness, type Harness } from './testing/fixtures';

const CREATE = `mutation($input: ReferralInput!) { createReferral(input: $input) {
  id nhsNumber service urgency reason consentReference referredBy referrerOrg status createdAt
  borough { code name } history { status reason by at }
} }`;
const UPDATE = `mutation($id: ID!, $status: ReferralStatus!, $reason: String) {
  updateReferralStatus(id: $id, status: $status, reason: $reason) { id status history { status reason by } }
}`;
const INBOX = `query($status: ReferralStatus, $limit: Int) { referralsInbox(status: $status, limit: $limit) { id status } }`;
const SENT = `{ referralsSent { id nhsNumber status } }`;
const PERSON_REFERRALS = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Person { referrals { id status createdAt } } } }`;

const GP = { role: 'gp' as const, org: PRACTICE };
const SW = { role: 'social_worker' as const, org: HF, sub: 'sw.patel' };

/**
 * Runs `before` once, just before the next referral update reaches the store: a colleague's change
 * landing between this request's read and its write.
 */
class RacingStore implements DocStore {
  readonly kind = 'nedb' as const;
  before: (() => Promise<void>) | null = null;
  constructor(private readonly inner: NedbStore) {}
  get stats() {
    return this.inner.stats;
  }
  collection<T extends Doc>(name: string): Collection<T> {
    const col = this.inner.collection<T>(name);
    if (name !== 'referrals') return col;
    return new Proxy(col, {
      get: (target, prop) => {
        if (prop === 'updateOne') {
          return async (...args: Parameters<Collection<T>['updateOne']>) => {
            const hook = this.before;
            this.before = null;
            if (hook) await hook();
            return target.updateOne(...args);
          };
        }
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
  ping() {
    return this.inner.ping();
  }
  close() {
    return this.inner.close();
  }
}

describe('social care subgraph: referrals', () => {
  let h: Harness;
  let racing: RacingStore;
  let seq = 0;

  beforeAll(async () => {
    h = await startHarness((docs) => (racing = new RacingStore(docs)));
  });
  afterAll(() => h.stop());

  const input = (over: Record<string, unknown> = {}) => ({
    nhsNumber: ADA,
    service: 'ADAPTATION',
    urgency: 'SOON',
    reason: '  Two falls on the front step; please assess for rails.  ',
    consentReference: 'JET-000123',
    idempotencyKey: `key-${++seq}-abcdefgh`,
    ...over,
  });
  const create = (vars: Record<string, unknown>, viewer = GP) =>
    h.gw.call(h.http.url, 'social-care', viewer, CREATE, { input: vars });
  const update = (vars: Record<string, unknown>, viewer: { role: 'social_worker'; org: string } = SW) =>
    h.gw.call(h.http.url, 'social-care', viewer, UPDATE, vars);
  const count = () => h.docs.collection<ReferralDoc>('referrals').count({});
  const stored = (id: string) => h.store.referralById(id);
  const created = async () => {
    const { body } = await create(input());
    expect(body.errors).toBeUndefined();
    return (body.data?.createReferral as { id: string }).id;
  };

  describe('createReferral', () => {
    it("sends the referral to the person's social care borough, RECEIVED, with a first history entry", async () => {
      const { body } = await create(input());
      expect(body.errors).toBeUndefined();
      const r = body.data?.createReferral as Record<string, unknown>;
      expect(r).toMatchObject({
        nhsNumber: ADA,
        service: 'ADAPTATION',
        urgency: 'SOON',
        reason: 'Two falls on the front step; please assess for rails.',
        consentReference: 'JET-000123',
        referredBy: 'Test gp',
        referrerOrg: PRACTICE,
        status: 'RECEIVED',
        createdAt: '2026-11-22T10:00:00.000Z',
        borough: { code: HF, name: 'Hammersmith & Fulham' },
        history: [
          {
            status: 'RECEIVED',
            reason: 'Referral from Richford Gate Health Centre',
            by: 'Test gp',
            at: '2026-11-22T10:00:00.000Z',
          },
        ],
      });
      expect(await stored(r.id as string)).toMatchObject({ borough: HF, status: 'RECEIVED' });
    });

    it('answers a retry with the same key with the same referral, making only one', async () => {
      const same = input();
      const before = await count();
      const [a, b] = await Promise.all([create(same), create(same)]);
      const c = await create(same);
      const ids = [a, b, c].map((res) => (res.body.data?.createReferral as { id: string }).id);
      expect(new Set(ids).size).toBe(1);
      expect(await count()).toBe(before + 1);
    });

    it('refuses the same key for a different referral with CONFLICT, changing nothing', async () => {
      const first = input();
      await create(first);
      const before = await count();
      const { body } = await create({ ...first, reason: 'Something else entirely' });
      expect(body.data?.createReferral).toBeNull();
      expect(body.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await count()).toBe(before);
    });

    it('lets two practices use the same key independently', async () => {
      const key = `shared-${++seq}-key`;
      await create(input({ idempotencyKey: key }));
      h.gw.governance.setFacts({ nhsNumber: CARA, borough: HF, gpPractice: 'E85002' });
      const other = await create(input({ nhsNumber: CARA, idempotencyKey: key }), {
        role: 'gp',
        org: 'E85002',
      });
      expect(other.body.errors).toBeUndefined();
      h.gw.governance.setFacts({ nhsNumber: CARA, borough: HF, gpPractice: PRACTICE });
    });

    it.each([
      ['an empty reason', { reason: '   ' }, 'input.reason'],
      ['a reason of nothing visible', { reason: ' \u200b\u2060 ' }, 'input.reason'],
      ['a reason over 2000 characters', { reason: 'x'.repeat(2001) }, 'input.reason'],
      ['a short idempotency key', { idempotencyKey: 'short' }, 'input.idempotencyKey'],
      ['an idempotency key with spaces', { idempotencyKey: 'has spaces in it' }, 'input.idempotencyKey'],
      ['a long consent reference', { consentReference: 'c'.repeat(101) }, 'input.consentReference'],
    ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_label, over, argument) => {
      const before = await count();
      const { body } = await create(input(over));
      expect(body.data?.createReferral).toBeNull();
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(await count()).toBe(before);
    });

    it('refuses an invalid NHS number', async () => {
      const { body } = await create(input({ nhsNumber: '9990000011' }));
      expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses a person not known to social care here with BAD_USER_INPUT', async () => {
      const stranger = nhs(900);
      h.gw.governance.setFacts({ nhsNumber: stranger, gpPractice: PRACTICE });
      const before = await count();
      const { body } = await create(input({ nhsNumber: stranger }));
      expect(body.data?.createReferral).toBeNull();
      expect(body.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'input.nhsNumber',
      });
      expect(body.errors?.[0].message).toMatch(/not known to social care/);
      expect(await count()).toBe(before);
    });

    it("refuses a GP who is not the person's GP (relationship), writing nothing", async () => {
      const before = await count();
      const { body } = await create(input(), { role: 'gp', org: 'E85003' });
      expect(body.data?.createReferral).toBeNull();
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'relationship' });
      expect(await count()).toBe(before);
    });
  });

  describe('lists', () => {
    it("shows the practice's sent referrals and the borough's inbox, newest first", async () => {
      const id = await created();
      const sent = await h.gw.call(h.http.url, 'social-care', GP, SENT);
      expect((sent.body.data?.referralsSent as { id: string }[]).map((r) => r.id)).toContain(id);
      const inbox = await h.gw.call(h.http.url, 'social-care', SW, INBOX, { status: 'RECEIVED' });
      const listed = inbox.body.data?.referralsInbox as { id: string; status: string }[];
      expect(listed.map((r) => r.id)).toContain(id);
      expect(listed.every((r) => r.status === 'RECEIVED')).toBe(true);
      const elsewhere = await h.gw.call(
        h.http.url,
        'social-care',
        { role: 'social_worker', org: KC },
        INBOX,
        {},
      );
      expect(elsewhere.body.data?.referralsInbox).toEqual([]);
    });

    it('orders by when the referral was made, newest first', async () => {
      const base = (await stored(await created())) as ReferralDoc;
      const at = (id: string, createdAt: string, status: ReferralDoc['status']): ReferralDoc => ({
        ...base,
        _id: id,
        id,
        nhsNumber: CARA,
        createdAt,
        status,
        idempotencyKey: `order-${id}`,
      });
      await h.store.putReferrals([
        at('order-old', '2026-01-01T10:00:00.000Z', 'TRIAGED'),
        at('order-new', '2026-06-01T10:00:00.000Z', 'TRIAGED'),
      ]);
      const person = await h.gw.call(h.http.url, 'social-care', SW, PERSON_REFERRALS, {
        r: [{ __typename: 'Person', nhsNumber: CARA }],
      });
      const refs = (person.body.data?._entities as { referrals: { id: string }[] }[])[0].referrals;
      expect(refs.map((r) => r.id).filter((id) => id.startsWith('order-'))).toEqual([
        'order-new',
        'order-old',
      ]);
      const inbox = await h.gw.call(h.http.url, 'social-care', SW, INBOX, { status: 'TRIAGED' });
      const ids = (inbox.body.data?.referralsInbox as { id: string }[]).map((r) => r.id);
      expect(ids.indexOf('order-new')).toBeLessThan(ids.indexOf('order-old'));
    });

    it("lists a person's referrals on the Person entity", async () => {
      const id = await created();
      const { body } = await h.gw.call(h.http.url, 'social-care', SW, PERSON_REFERRALS, {
        r: [{ __typename: 'Person', nhsNumber: ADA }],
      });
      const refs = (body.data?._entities as { referrals: { id: string; createdAt: string }[] }[])[0]
        .referrals;
      expect(refs.map((r) => r.id)).toContain(id);
      const times = refs.map((r) => r.createdAt);
      expect(times).toEqual([...times].sort().reverse());
    });

    it('refuses an out-of-range limit', async () => {
      const { body } = await h.gw.call(h.http.url, 'social-care', SW, INBOX, { limit: 0 });
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'limit' });
    });
  });

  describe('updateReferralStatus', () => {
    it('moves a referral along the workflow, recording who and why', async () => {
      const id = await created();
      const { body } = await update({ id, status: 'TRIAGED', reason: ' Meets threshold ' });
      expect(body.errors).toBeUndefined();
      expect(body.data?.updateReferralStatus).toEqual({
        id,
        status: 'TRIAGED',
        history: [
          { status: 'RECEIVED', reason: 'Referral from Richford Gate Health Centre', by: 'Test gp' },
          { status: 'TRIAGED', reason: 'Meets threshold', by: 'Test social_worker' },
        ],
      });
      await update({ id, status: 'ASSESSMENT_BOOKED' });
      await update({ id, status: 'SERVICE_PROVIDED', reason: 'Grab rails fitted by front door' });
      const closed = await update({ id, status: 'CLOSED', reason: 'Done' });
      expect(closed.body.errors).toBeUndefined();
      expect((await stored(id))?.history.map((e) => e.status)).toEqual([
        'RECEIVED',
        'TRIAGED',
        'ASSESSMENT_BOOKED',
        'SERVICE_PROVIDED',
        'CLOSED',
      ]);
    });

    it('refuses an invalid transition naming the allowed next statuses, changing nothing', async () => {
      const id = await created();
      const before = await stored(id);
      const { body } = await update({ id, status: 'SERVICE_PROVIDED' });
      expect(body.data?.updateReferralStatus).toBeNull();
      expect(body.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        allowed: ['TRIAGED', 'DECLINED'],
      });
      expect(body.errors?.[0].message).toMatch(/TRIAGED, DECLINED/);
      expect(await stored(id)).toEqual(before);
    });

    it('refuses any move from a final status', async () => {
      const id = await created();
      await update({ id, status: 'DECLINED', reason: 'Needs met elsewhere' });
      const { body } = await update({ id, status: 'TRIAGED' });
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', allowed: [] });
    });

    it.each(['DECLINED', 'CLOSED'])('requires a reason to move to %s', async (status) => {
      const id = await created();
      if (status === 'CLOSED') await update({ id, status: 'TRIAGED' });
      const before = await stored(id);
      const { body } = await update({ id, status, reason: '  ' });
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'reason' });
      expect(await stored(id)).toEqual(before);
    });

    it('refuses a social worker of another borough (relationship), changing nothing', async () => {
      const id = await created();
      const before = await stored(id);
      const { body } = await update({ id, status: 'TRIAGED' }, { role: 'social_worker', org: KC });
      expect(body.data?.updateReferralStatus).toBeNull();
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'relationship' });
      expect(await stored(id)).toEqual(before);
    });

    it('answers NOT_FOUND for an unknown id', async () => {
      const { body } = await update({ id: 'no-such-referral', status: 'TRIAGED' });
      expect(body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('refuses to overwrite a change made meanwhile (CONFLICT), keeping the other change', async () => {
      const id = await created();
      racing.before = async () => {
        const at = '2026-11-22T09:59:00.000Z';
        await new SocialCareDocStore(h.docs).transitionReferral(id, 'RECEIVED', {
          status: 'DECLINED',
          reason: 'Declined by a colleague',
          by: 'Colleague',
          at,
        });
      };
      const { body } = await update({ id, status: 'TRIAGED' });
      expect(body.data?.updateReferralStatus).toBeNull();
      expect(body.errors?.[0].extensions?.code).toBe('CONFLICT');
      const now = await stored(id);
      expect(now?.status).toBe('DECLINED');
      expect(now?.history.map((e) => e.status)).toEqual(['RECEIVED', 'DECLINED']);
    });

    it('is not open to a GP', async () => {
      const id = await created();
      const { body } = await h.gw.call(h.http.url, 'social-care', GP, UPDATE, { id, status: 'TRIAGED' });
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'role' });
      expect((await stored(id))?.status).toBe('RECEIVED');
    });
  });
});
