import { ageAt, generatePopulation, NedbStore, type Population, type SyntheticPerson } from '@care/common';
import { NEXT_STATUSES } from './referral-rules';
import { deriveSocialCare, seedSocialCare, type SocialCareSeed } from './seed';
import type { ClientDoc } from './store/port';

describe('social care seeder', () => {
  let pop: Population;
  let seed: SocialCareSeed;
  let byNhs: Map<string, ClientDoc>;
  const known = (p: SyntheticPerson) => p.knownTo.socialCare;
  const withSituation = (s: SyntheticPerson['situations'][number]) =>
    pop.people.filter((p) => known(p) && p.nhsNumber !== null && p.situations.includes(s));

  beforeAll(() => {
    pop = generatePopulation({ people: 1500, seed: 11 });
    seed = deriveSocialCare(pop);
    byNhs = new Map(seed.clients.filter((c) => c.nhsNumber).map((c) => [c.nhsNumber as string, c]));
  });

  it('is deterministic: the same population gives the same documents, another seed others', () => {
    expect(deriveSocialCare(generatePopulation({ people: 1500, seed: 11 }))).toEqual(seed);
    expect(deriveSocialCare(generatePopulation({ people: 1500, seed: 12 })).clients).not.toEqual(
      seed.clients,
    );
  });

  it('writes the same documents to the store on every run, one client per known person', async () => {
    const read = async () => {
      const store = new NedbStore(null);
      const { records } = await seedSocialCare(store, pop);
      const all = await Promise.all(
        ['clients', 'assessments', 'services', 'caseNotes', 'referrals'].map((c) =>
          store.collection(c).find({}, { sort: { _id: 1 } }),
        ),
      );
      return { records, all };
    };
    const [a, b] = [await read(), await read()];
    expect(a).toEqual(b);
    expect(a.records).toBe(pop.people.filter(known).length);
    expect(a.all[0]).toHaveLength(a.records);
  });

  it('holds people without an NHS number for matching, by client id, name and date of birth', () => {
    const unmatched = pop.people.filter((p) => known(p) && p.nhsNumber === null);
    expect(unmatched.length).toBeGreaterThan(0);
    for (const p of unmatched) {
      const c = seed.clients.find((x) => x.clientId === p.socialCareClientId);
      expect(c).toMatchObject({
        nhsNumber: null,
        givenName: p.givenName,
        familyName: p.familyName,
        dateOfBirth: p.dateOfBirth,
      });
    }
    expect(pop.people.filter((p) => !known(p) && p.nhsNumber && byNhs.has(p.nhsNumber))).toHaveLength(0);
  });

  it('ties every section document to its client and NHS number', () => {
    const clients = new Map(seed.clients.map((c) => [c.clientId, c]));
    for (const d of [...seed.assessments, ...seed.services, ...seed.caseNotes]) {
      expect(clients.get(d.clientId)?.nhsNumber).toBe(d.nhsNumber);
    }
  });

  it('gives everyone with home care an active home care package with hours', () => {
    const people = withSituation('home_care');
    expect(people.length).toBeGreaterThan(0);
    for (const p of people) {
      const hc = seed.services.filter(
        (s) => s.nhsNumber === p.nhsNumber && s.kind === 'HOME_CARE' && s.status === 'active',
      );
      expect(hc).toHaveLength(1);
      expect(hc[0].hoursPerWeek).toBeGreaterThan(0);
      expect(hc[0].startDate <= pop.today).toBe(true);
    }
  });

  it('records adaptations, and a needs assessment for frail older people', () => {
    for (const p of withSituation('adaptation')) {
      expect(seed.services.some((s) => s.nhsNumber === p.nhsNumber && s.kind === 'ADAPTATION')).toBe(true);
    }
    expect(seed.services.some((s) => s.description === 'Grab rails fitted by front door')).toBe(true);
    for (const p of withSituation('frail_elderly')) {
      expect(seed.assessments.some((a) => a.nhsNumber === p.nhsNumber && a.kind === 'NEEDS')).toBe(true);
    }
  });

  it('puts children with a plan, looked-after children and unborn plans on the child protection record', () => {
    const cp = withSituation('cp_plan');
    expect(cp.length).toBeGreaterThan(0);
    for (const p of cp) {
      const c = byNhs.get(p.nhsNumber as string)?.childProtection;
      expect(c?.onPlan).toBe(true);
      expect(c?.category).toBeTruthy();
      expect(c?.planStart && c.planStart <= pop.today).toBe(true);
    }
    for (const p of withSituation('looked_after')) {
      expect(byNhs.get(p.nhsNumber as string)?.childProtection).toMatchObject({ lookedAfter: true });
    }
    for (const p of withSituation('unborn_plan')) {
      const c = byNhs.get(p.nhsNumber as string)?.childProtection;
      expect(c?.unbornChildPlan).toBe(true);
      expect((c?.expectedDeliveryDate ?? '') > pop.today).toBe(true);
    }
    const noInvolvement = seed.clients.filter(
      (c) =>
        c.childProtection === null ||
        (!c.childProtection.onPlan && !c.childProtection.lookedAfter && !c.childProtection.unbornChildPlan),
    );
    for (const c of noInvolvement) {
      const p = pop.people.find((x) => x.socialCareClientId === c.clientId);
      expect(p?.situations.some((s) => ['cp_plan', 'looked_after', 'unborn_plan'].includes(s))).toBe(false);
    }
  });

  it('allocates the worker the population names, with their contact details', () => {
    const staff = new Map(pop.socialWorkers.map((w) => [w.id, w]));
    for (const p of pop.people.filter(known)) {
      const c = seed.clients.find((x) => x.clientId === p.socialCareClientId);
      if (p.allocatedWorker)
        expect(c?.allocatedWorker).toMatchObject({
          id: p.allocatedWorker,
          phone: staff.get(p.allocatedWorker)?.phone,
        });
      else expect(c?.allocatedWorker).toBeNull();
    }
    expect(seed.clients.filter((c) => c.allocatedWorker?.id === 'sw.patel' && c.nhsNumber).length).toBe(30);
  });

  it('records contacts for older people, and some case notes and safeguarding alerts', () => {
    for (const c of seed.clients.filter((x) => ageAt(x.dateOfBirth, pop.today) >= 65)) {
      expect(c.contacts.length).toBeGreaterThan(0);
      expect(c.contacts.filter((k) => k.isEmergencyContact)).toHaveLength(1);
    }
    expect(seed.caseNotes.length).toBeGreaterThan(0);
    expect(seed.clients.some((c) => c.safeguardingAlerts.length > 0)).toBe(true);
    expect(seed.assessments.every((a) => a.completedOn === null || a.completedOn <= pop.today)).toBe(true);
  });

  it('makes GP referrals in every status with a valid history, to the client borough', () => {
    expect(new Set(seed.referrals.map((r) => r.status)).size).toBe(6);
    expect(seed.referrals.some((r) => r.referrerOrg === 'E85001' && r.borough === 'E09000013')).toBe(true);
    for (const r of seed.referrals) {
      expect(r.history[0].status).toBe('RECEIVED');
      expect(r.history[r.history.length - 1].status).toBe(r.status);
      r.history.slice(1).forEach((e, i) => expect(NEXT_STATUSES[r.history[i].status]).toContain(e.status));
      expect(byNhs.get(r.nhsNumber)?.borough).toBe(r.borough);
      expect(pop.people.find((p) => p.nhsNumber === r.nhsNumber)?.gpPractice).toBe(r.referrerOrg);
    }
  });
});
