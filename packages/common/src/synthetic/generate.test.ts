import { isValidNhsNumber } from '../nhs-number';
import { generatePopulation, POPULATION_DEFAULTS } from './generate';
import type { Population, Situation, SyntheticPerson } from './population';
import { ageAt } from './random';
import { BOROUGHS, GP_PRACTICES, HOME_BOROUGH, HOME_PRACTICE } from './reference';
import { summarise } from './summary';

const pop: Population = generatePopulation();
const people = pop.people;
const age = (p: SyntheticPerson): number => ageAt(p.dateOfBirth, pop.today);
const share = (f: (p: SyntheticPerson) => boolean): number => people.filter(f).length / people.length;
const count = (f: (p: SyntheticPerson) => boolean): number => people.filter(f).length;
const has = (s: Situation) => (p: SyntheticPerson) => p.situations.includes(s);
const knownOnlyTo = (system: keyof SyntheticPerson['knownTo']) => (p: SyntheticPerson) =>
  Object.entries(p.knownTo).every(([k, known]) => known === (k === system));

describe('generatePopulation', () => {
  it('uses the documented defaults', () => {
    expect(people).toHaveLength(3000);
    expect(pop.seed).toBe(20261122);
    expect(pop.today).toBe('2026-11-22');
    expect(POPULATION_DEFAULTS.caseloadSize).toBe(30);
  });

  it('is deterministic for the same options and differs by seed', () => {
    expect(generatePopulation()).toEqual(pop);
    const a = generatePopulation({ people: 300, seed: 7 });
    expect(generatePopulation({ people: 300, seed: 7 })).toEqual(a);
    expect(generatePopulation({ people: 300, seed: 8 }).people).not.toEqual(a.people);
  });

  it('issues valid, unique NHS numbers in the 999 test range', () => {
    const numbers = people.flatMap((p) => (p.nhsNumber ? [p.nhsNumber] : []));
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) {
      expect(n).toMatch(/^999\d{7}$/);
      expect(isValidNhsNumber(n)).toBe(true);
    }
  });

  it('has a realistic age structure relative to today', () => {
    expect(people.every((p) => p.dateOfBirth <= pop.today && age(p) >= 0)).toBe(true);
    expect(share((p) => age(p) < 18)).toBeGreaterThan(0.16);
    expect(share((p) => age(p) < 18)).toBeLessThan(0.24);
    expect(share((p) => age(p) >= 65)).toBeGreaterThan(0.21);
    expect(share((p) => age(p) >= 65)).toBeLessThan(0.29);
    expect(count((p) => age(p) >= 85)).toBeGreaterThan(50);
  });

  it('places most people in the home borough and a good share at Richford Gate', () => {
    const boroughs = new Set(BOROUGHS.map((b) => b.code));
    const practices = new Set(GP_PRACTICES.map((p) => p.code));
    expect(people.every((p) => boroughs.has(p.borough))).toBe(true);
    expect(people.every((p) => p.gpPractice === null || practices.has(p.gpPractice))).toBe(true);
    expect(share((p) => p.borough === HOME_BOROUGH.code)).toBeGreaterThan(0.8);
    expect(share((p) => p.borough === HOME_BOROUGH.code)).toBeLessThan(0.9);
    expect(share((p) => p.gpPractice === HOME_PRACTICE.code)).toBeGreaterThan(0.25);
    expect(share((p) => p.gpPractice === HOME_PRACTICE.code)).toBeLessThan(0.35);
    expect(share((p) => p.gpPractice === null)).toBeGreaterThan(0.01);
    expect(share((p) => p.gpPractice === null)).toBeLessThan(0.05);
  });

  it('spreads people across the three systems', () => {
    expect(people.every((p) => p.knownTo.health || p.knownTo.socialCare || p.knownTo.council)).toBe(true);
    expect(share((p) => p.knownTo.health)).toBeGreaterThan(0.92);
    expect(share((p) => p.knownTo.health)).toBeLessThan(0.98);
    expect(share((p) => p.knownTo.socialCare)).toBeGreaterThan(0.25);
    expect(share((p) => p.knownTo.socialCare)).toBeLessThan(0.35);
    expect(share((p) => p.knownTo.council)).toBeGreaterThan(0.4);
    expect(share((p) => p.knownTo.council)).toBeLessThan(0.5);
    expect(count(knownOnlyTo('socialCare'))).toBeGreaterThanOrEqual(20);
    expect(count(knownOnlyTo('health'))).toBeGreaterThanOrEqual(20);
    expect(count(knownOnlyTo('council'))).toBeGreaterThanOrEqual(20);
    expect(count((p) => p.knownTo.health && p.knownTo.socialCare && p.knownTo.council)).toBeGreaterThan(200);
  });

  it('keeps local ids consistent with the systems that know a person', () => {
    for (const p of people) {
      expect(p.socialCareClientId !== null).toBe(p.knownTo.socialCare);
      expect(p.councilId !== null).toBe(p.knownTo.council);
    }
    const hf = people.filter((p) => p.knownTo.socialCare && p.borough === HOME_BOROUGH.code);
    expect(hf.every((p) => /^HF\d{6}$/.test(p.socialCareClientId ?? ''))).toBe(true);
    const councilIds = people.flatMap((p) => (p.councilId ? [p.councilId] : []));
    expect(councilIds.every((id) => /^C\d{7}$/.test(id))).toBe(true);
    expect(new Set(councilIds).size).toBe(councilIds.length);
  });

  it('holds about 1% without an NHS number, never on health records', () => {
    const without = people.filter((p) => p.nhsNumber === null);
    expect(without.length).toBeGreaterThan(10);
    expect(without.length).toBeLessThan(60);
    expect(without.some((p) => p.knownTo.health)).toBe(false);
    expect(without.every((p) => p.knownTo.socialCare || p.knownTo.council)).toBe(true);
  });

  it('keeps situations consistent with who knows the person', () => {
    const needs: Record<Situation, (keyof SyntheticPerson['knownTo'])[]> = {
      cp_plan: ['socialCare'],
      looked_after: ['socialCare'],
      unborn_plan: ['socialCare'],
      current_admission: ['health'],
      delayed_discharge: ['health', 'socialCare'],
      recent_ae: ['health'],
      housing_benefit: ['council'],
      frail_elderly: ['health'],
      dementia: ['health'],
      learning_disability: ['health'],
      end_of_life: ['health'],
      home_care: ['socialCare'],
      adaptation: ['socialCare'],
    };
    for (const p of people) {
      for (const s of p.situations) {
        for (const system of needs[s]) expect({ s, known: p.knownTo[system] }).toEqual({ s, known: true });
      }
      if (p.situations.includes('delayed_discharge')) expect(p.situations).toContain('current_admission');
    }
  });

  it('has the situations in plausible numbers and ages', () => {
    const children = count((p) => age(p) < 18);
    expect(count(has('cp_plan'))).toBeGreaterThanOrEqual(Math.max(10, Math.round(children * 0.015)));
    expect(people.filter(has('cp_plan')).every((p) => age(p) < 18)).toBe(true);
    expect(people.filter(has('looked_after')).every((p) => age(p) < 18)).toBe(true);
    expect(count(has('looked_after'))).toBeGreaterThan(0);
    const expectant = people.filter(has('unborn_plan'));
    expect(expectant.length).toBeGreaterThan(0);
    expect(expectant.every((p) => p.sex === 'female' && age(p) >= 16 && age(p) <= 40)).toBe(true);
    const admitted = count(has('current_admission'));
    expect(admitted / people.length).toBeCloseTo(0.015, 2);
    expect(count(has('delayed_discharge'))).toBeGreaterThan(admitted * 0.35);
    expect(count(has('delayed_discharge'))).toBeLessThan(admitted * 0.65);
    expect(share(has('recent_ae'))).toBeCloseTo(0.04, 2);
    expect(share(has('housing_benefit'))).toBeCloseTo(0.15, 2);
    for (const s of ['frail_elderly', 'dementia'] as const) {
      expect(count(has(s))).toBeGreaterThan(20);
      expect(people.filter(has(s)).every((p) => age(p) >= 65)).toBe(true);
    }
    for (const s of ['learning_disability', 'end_of_life', 'home_care', 'adaptation'] as const) {
      expect(count(has(s))).toBeGreaterThan(5);
    }
  });

  it('gives the demo social worker exactly the requested caseload in the home borough', () => {
    const [first] = pop.socialWorkers.filter((w) => w.borough === HOME_BOROUGH.code);
    expect(first).toMatchObject({
      id: 'sw.patel',
      name: 'Asha Patel',
      team: 'Adults West',
      borough: 'E09000013',
    });
    const caseload = people.filter((p) => p.allocatedWorker === 'sw.patel');
    expect(caseload).toHaveLength(30);
    for (const p of caseload) {
      expect(p.knownTo.socialCare).toBe(true);
      expect(p.borough).toBe(HOME_BOROUGH.code);
      expect(p.nhsNumber).not.toBeNull();
    }
    expect(
      generatePopulation({ people: 500, caseloadSize: 12 }).people.filter(
        (p) => p.allocatedWorker === 'sw.patel',
      ),
    ).toHaveLength(12);
  });

  it('staffs every borough and allocates other clients within their borough', () => {
    const home = pop.socialWorkers.filter((w) => w.borough === HOME_BOROUGH.code);
    expect(home.length).toBeGreaterThanOrEqual(6);
    expect(home.length).toBeLessThanOrEqual(10);
    for (const b of BOROUGHS.slice(1)) {
      const n = pop.socialWorkers.filter((w) => w.borough === b.code).length;
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(3);
    }
    const ids = pop.socialWorkers.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
    const byId = new Map(pop.socialWorkers.map((w) => [w.id, w]));
    for (const p of people) {
      if (!p.allocatedWorker) continue;
      expect(p.knownTo.socialCare).toBe(true);
      expect(byId.get(p.allocatedWorker)?.borough).toBe(p.borough);
    }
    const clients = count((p) => p.knownTo.socialCare);
    const unallocated = count((p) => p.knownTo.socialCare && p.allocatedWorker === null);
    expect(unallocated / clients).toBeGreaterThan(0.05);
    expect(unallocated / clients).toBeLessThan(0.15);
  });

  it('allocates as many as it can when the borough is too small for the caseload', () => {
    const small = generatePopulation({ people: 40, caseloadSize: 1000 });
    const eligible = small.people.filter(
      (p) => p.knownTo.socialCare && p.borough === HOME_BOROUGH.code && p.nhsNumber !== null,
    );
    expect(small.people.filter((p) => p.allocatedWorker === 'sw.patel')).toHaveLength(eligible.length);
  });

  it('makes 20,000 people with unique NHS numbers (timing lives in npm run bench)', () => {
    const big = generatePopulation({ people: 20_000 }).people;
    expect(big).toHaveLength(20_000);
    const numbers = big.flatMap((p) => (p.nhsNumber ? [p.nhsNumber] : []));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describe('summarise', () => {
  const summary = summarise(pop);
  const byNhs = new Map(people.map((p) => [p.nhsNumber, p]));
  const person = (n: string): SyntheticPerson => {
    const p = byNhs.get(n);
    if (!p) throw new Error(`${n} is not in the population`);
    return p;
  };

  it('samples people who really are in each situation', () => {
    expect(summary.people).toBe(3000);
    const lists = [
      summary.knownToAll,
      summary.socialCareOnly,
      summary.healthOnly,
      summary.councilOnly,
      summary.childOnCpPlan,
      summary.delayedDischarge,
      summary.currentAdmission,
      summary.housingBenefit,
      summary.richfordGatePatientsKnownToAll,
    ];
    for (const list of lists) {
      expect(list.length).toBeGreaterThan(0);
      expect(list.length).toBeLessThanOrEqual(5);
    }
    expect(summary.socialCareOnly.every((n) => knownOnlyTo('socialCare')(person(n)))).toBe(true);
    expect(summary.healthOnly.every((n) => knownOnlyTo('health')(person(n)))).toBe(true);
    expect(summary.councilOnly.every((n) => knownOnlyTo('council')(person(n)))).toBe(true);
    expect(summary.childOnCpPlan.every((n) => has('cp_plan')(person(n)))).toBe(true);
    expect(summary.lookedAfter.every((n) => has('looked_after')(person(n)))).toBe(true);
    expect(summary.delayedDischarge.every((n) => has('delayed_discharge')(person(n)))).toBe(true);
    expect(summary.housingBenefit.every((n) => has('housing_benefit')(person(n)))).toBe(true);
    for (const n of summary.richfordGatePatientsKnownToAll) {
      expect(person(n)).toMatchObject({
        gpPractice: 'E85001',
        borough: 'E09000013',
        knownTo: { socialCare: true, health: true, council: true },
      });
    }
  });

  it('puts Richford Gate children on CP plans first', () => {
    const atRichford = summary.childOnCpPlan.map((n) => person(n).gpPractice === 'E85001');
    expect([...atRichford].sort((a, b) => Number(b) - Number(a))).toEqual(atRichford);
    expect(atRichford[0]).toBe(true);
  });

  it('lists the whole demo caseload and records without NHS numbers', () => {
    expect(summary.caseload.worker).toBe('sw.patel');
    expect(summary.caseload.nhsNumbers).toHaveLength(30);
    expect(summary.withoutNhsNumber.length).toBeGreaterThan(0);
    expect(summary.withoutNhsNumber.every((r) => r.socialCareClientId !== null || r.councilId !== null)).toBe(
      true,
    );
  });

  it('is deterministic', () => {
    expect(summarise(generatePopulation())).toEqual(summary);
  });
});
