import { ageAt, generatePopulation, NedbStore, type Population } from '@care/common';
import { computeHealthFlags } from './health-flags';
import { healthRecords, seedHealth } from './seed';
import { HealthDocStore } from './store/doc-store';
import { ENTERED_IN_ERROR, type PatientDoc } from './store/port';
import { COMMON_CONDITIONS } from './synthetic/catalogue';

const TODAY = '2026-11-22';
const NOON = new Date(`${TODAY}T12:00:00.000Z`);
const population: Population = generatePopulation({ people: 1500, seed: 42, today: TODAY });
const records = healthRecords(population);
const personOf = new Map(population.people.map((p) => [p.nhsNumber, p]));
const situationsOf = (nhs: string) => new Set(personOf.get(nhs)?.situations ?? []);

const live = <T extends { status?: string; verificationStatus?: string }>(items: T[]) =>
  items.filter((i) => i.status !== ENTERED_IN_ERROR && i.verificationStatus !== ENTERED_IN_ERROR);

describe('seedHealth', () => {
  it('is deterministic: the same population gives the same documents', async () => {
    expect(healthRecords(generatePopulation({ people: 1500, seed: 42, today: TODAY }))).toEqual(records);
    const dump = async () => {
      const store = new NedbStore(null);
      await seedHealth(store, population);
      const patients = await store.collection<PatientDoc>('patients').find({}, { sort: { _id: 1 } });
      const encounters = await store.collection('encounters').find({}, { sort: { _id: 1 } });
      return { patients, encounters };
    };
    expect(await dump()).toEqual(await dump());
  });

  it('makes a record for everyone known to health with an NHS number, and no one else', async () => {
    const expected = population.people
      .filter((p) => p.knownTo.health && p.nhsNumber !== null)
      .map((p) => p.nhsNumber);
    expect(records.map((r) => r.patient.nhsNumber)).toEqual(expected);
    const store = new NedbStore(null);
    expect(await seedHealth(store, population)).toEqual({ records: expected.length });
    // Seeding again replaces rather than duplicates.
    expect(await seedHealth(store, population)).toEqual({ records: expected.length });
    expect(await new HealthDocStore(store).countPatients()).toBe(expected.length);
  });

  it('copies demographics and practice from the population', () => {
    for (const { patient } of records) {
      const p = personOf.get(patient.nhsNumber)!;
      expect(patient.registeredPractice).toBe(p.gpPractice);
      expect(patient.demographics).toEqual({
        givenName: p.givenName,
        familyName: p.familyName,
        dateOfBirth: p.dateOfBirth,
        sex: p.sex,
        postcode: p.postcode,
      });
    }
  });

  it('raises flags and conditions exactly for the matching situations', () => {
    const kindFor = {
      frail_elderly: 'FALLS_RISK',
      dementia: 'DEMENTIA',
      learning_disability: 'LEARNING_DISABILITY',
      end_of_life: 'END_OF_LIFE',
    } as const;
    for (const r of records) {
      const s = situationsOf(r.patient.nhsNumber);
      const active = new Set(r.flags.filter((f) => f.status === 'active').map((f) => f.kind));
      for (const [situation, kind] of Object.entries(kindFor)) {
        expect([r.patient.nhsNumber, situation, active.has(kind)]).toEqual([
          r.patient.nhsNumber,
          situation,
          s.has(situation as never),
        ]);
      }
      const codes = new Set(live(r.conditions).map((c) => c.code));
      expect(codes.has('52448006')).toBe(s.has('dementia'));
      expect(codes.has('110359009')).toBe(s.has('learning_disability'));
      expect(live(r.conditions).length).toBeLessThanOrEqual(6);
    }
    const tally = (situation: string) =>
      records.filter((r) => situationsOf(r.patient.nhsNumber).has(situation as never)).length;
    for (const situation of Object.keys(kindFor)) expect(tally(situation)).toBeGreaterThan(0);
  });

  it('gives conditions plausible for age, and medicines consistent with conditions and allergies', () => {
    for (const r of records) {
      const age = ageAt(r.patient.demographics.dateOfBirth!, TODAY);
      for (const c of live(r.conditions)) {
        const common = COMMON_CONDITIONS.find((ref) => ref.code === c.code);
        if (common) expect(common.prevalence(age)).toBeGreaterThan(0);
        expect(c.onset! >= r.patient.demographics.dateOfBirth!).toBe(true);
        expect(c.onset! < TODAY).toBe(true);
      }
      const codes = new Set(live(r.conditions).map((c) => c.code));
      const meds = live(r.medications).map((m) => m.display);
      if (codes.has('44054006')) expect(meds).toContain('Metformin 500mg tablets');
      if (codes.has('52448006')) expect(meds).toContain('Donepezil 5mg tablets');
      const allergic = live(r.allergies);
      if (allergic.some((a) => a.substance === 'Penicillin' || a.substance === 'Amoxicillin')) {
        expect(meds).not.toContain('Amoxicillin 500mg capsules');
      }
      if (allergic.length > 0) expect(r.patient.noKnownAllergies).toBe(false);
    }
    const allergic = records.filter((r) => live(r.allergies).length > 0).length / records.length;
    expect(allergic).toBeGreaterThan(0.1);
    expect(allergic).toBeLessThan(0.2);
  });

  it('puts people in hospital and A&E as their situations say', () => {
    for (const r of records) {
      const s = situationsOf(r.patient.nhsNumber);
      const flags = computeHealthFlags(
        { nhsNumber: r.patient.nhsNumber, flags: [], encounters: r.encounters },
        NOON,
      );
      expect([r.patient.nhsNumber, flags.recentAeAttendance !== null]).toEqual([
        r.patient.nhsNumber,
        s.has('recent_ae'),
      ]);
      const inHospital = s.has('current_admission') || s.has('delayed_discharge');
      expect(flags.currentAdmission !== null).toBe(inHospital);
      const inProgress = live(r.encounters).filter((e) => e.status === 'in-progress');
      expect(inProgress.length).toBe(inHospital ? 1 : 0);
      if (s.has('delayed_discharge')) {
        expect(flags.currentAdmission!.delayedDays).toBeGreaterThanOrEqual(3);
        expect(flags.currentAdmission!.delayedDays).toBeLessThanOrEqual(25);
      } else if (inHospital) {
        expect(flags.currentAdmission!.delayedDays).toBeLessThanOrEqual(2);
      }
      for (const e of r.encounters) {
        expect([
          'Charing Cross Hospital',
          'Chelsea and Westminster Hospital',
          'Hammersmith Hospital',
        ]).toContain(e.hospital);
        expect(e.start < `${TODAY}T00:00:00.000Z`).toBe(true);
        if (e.end) expect(e.end > e.start).toBe(true);
      }
    }
  });

  it('stores a few entries entered in error, which reads never return', async () => {
    const withError = records.filter((r) =>
      [r.conditions, r.medications, r.allergies, r.encounters, r.flags, r.observations].some(
        (section) =>
          live(section as { status?: string; verificationStatus?: string }[]).length !== section.length,
      ),
    );
    expect(withError.length).toBeGreaterThan(10);
    expect(withError.length).toBeLessThan(records.length * 0.06);

    const store = new NedbStore(null);
    await seedHealth(store, population);
    const health = new HealthDocStore(store);
    const nhs = withError.map((r) => r.patient.nhsNumber);
    const read = await Promise.all([
      health.conditionsByNhs(nhs, ['verificationStatus']),
      health.medicationsByNhs(nhs, ['status']),
      health.allergiesByNhs(nhs, ['verificationStatus']),
      health.encountersByNhs(nhs, ['status']),
      health.activeFlagsByNhs(nhs, ['status']),
      health.observationsByNhs(nhs, ['status']),
    ]);
    const returned = read.flat() as { status?: string; verificationStatus?: string }[];
    expect(returned.length).toBeGreaterThan(0);
    expect(
      returned.filter((d) => d.status === ENTERED_IN_ERROR || d.verificationStatus === ENTERED_IN_ERROR),
    ).toEqual([]);
    const stored = await store.collection('encounters').count({ status: ENTERED_IN_ERROR });
    const storedConditions = await store
      .collection('conditions')
      .count({ verificationStatus: ENTERED_IN_ERROR });
    expect(stored + storedConditions).toBeGreaterThan(0);
  });
});
