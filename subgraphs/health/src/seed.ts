import type { DocStore, Population } from '@care/common';
import { HealthDocStore } from './store/doc-store';
import { patientRecord, type HealthPerson, type PatientRecord } from './synthetic/patient-record';

/** Health knows a person only by NHS number: a local record without one is never on a health system. */
const knownToHealth = (p: Population['people'][number]): p is HealthPerson =>
  p.knownTo.health && p.nhsNumber !== null;

/** Every health record the population implies, in population order. */
export function healthRecords(population: Population): PatientRecord[] {
  return population.people.filter(knownToHealth).map((p) => patientRecord(p, population));
}

/**
 * Seeds the health store from the shared population: a patient record for everyone known to
 * health, with conditions, medicines, allergies, flags, encounters and observations consistent
 * with their situations. Re-seeding replaces documents by id. `records` counts patients.
 */
export async function seedHealth(store: DocStore, population: Population): Promise<{ records: number }> {
  const health = new HealthDocStore(store);
  await health.ensureIndexes();
  const records = healthRecords(population);
  await health.putPatients(records.map((r) => r.patient));
  await health.putConditions(records.flatMap((r) => r.conditions));
  await health.putMedications(records.flatMap((r) => r.medications));
  await health.putAllergies(records.flatMap((r) => r.allergies));
  await health.putEncounters(records.flatMap((r) => r.encounters));
  await health.putFlags(records.flatMap((r) => r.flags));
  await health.putObservations(records.flatMap((r) => r.observations));
  return { records: records.length };
}
