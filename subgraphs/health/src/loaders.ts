import DataLoader from 'dataloader';
import { projectedMany, projectedOne, type ServiceMetrics } from '@care/common';
import { recentAeSince, type HealthFlagInputs } from './health-flags';
import type { HealthStore } from './store/port';

export type HealthLoaders = ReturnType<typeof healthLoaders>;

const byNhs = (d: { nhsNumber: string }) => d.nhsNumber;

/** Only what the flags are computed from is read. */
const FLAG_FIELDS = ['kind'];
const FLAG_ENCOUNTER_FIELDS = ['kind', 'status', 'start', 'hospital', 'expectedDischargeDate'];

/**
 * Per-request loaders: every person in a request is read in one batch per section and selection,
 * so listing 50 people costs the same number of store reads as listing 5.
 */
export function healthLoaders(store: HealthStore, metrics: ServiceMetrics, now: Date) {
  return {
    patient: projectedOne('health.patient', metrics, (k, f) => store.patientsByNhs(k, f), byNhs),
    conditions: projectedMany('health.conditions', metrics, (k, f) => store.conditionsByNhs(k, f), byNhs),
    medications: projectedMany('health.medications', metrics, (k, f) => store.medicationsByNhs(k, f), byNhs),
    allergies: projectedMany('health.allergies', metrics, (k, f) => store.allergiesByNhs(k, f), byNhs),
    encounters: projectedMany('health.encounters', metrics, (k, f) => store.encountersByNhs(k, f), byNhs),
    flags: projectedMany('health.flags', metrics, (k, f) => store.activeFlagsByNhs(k, f), byNhs),
    observations: projectedMany(
      'health.observations',
      metrics,
      (k, f) => store.observationsByNhs(k, f),
      byNhs,
    ),
    /** Flag inputs per person; null for a person health does not know. Three reads for everyone. */
    flagInputs: new DataLoader<string, HealthFlagInputs | null>(async (keys) => {
      metrics.batchSize.observe({ loader: 'health.flagInputs' }, keys.length);
      const [patients, flags, encounters] = await Promise.all([
        store.patientsByNhs(keys, []),
        store.activeFlagsByNhs(keys, FLAG_FIELDS),
        store.flagEncountersByNhs(keys, { aeSince: recentAeSince(now) }, FLAG_ENCOUNTER_FIELDS),
      ]);
      const inputs = new Map<string, HealthFlagInputs>(
        patients.map((p) => [p.nhsNumber, { nhsNumber: p.nhsNumber, flags: [], encounters: [] }]),
      );
      for (const f of flags) inputs.get(f.nhsNumber)?.flags.push(f);
      for (const e of encounters) inputs.get(e.nhsNumber)?.encounters.push(e);
      return keys.map((k) => inputs.get(k) ?? null);
    }),
  };
}
