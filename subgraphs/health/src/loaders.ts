import DataLoader from 'dataloader';
import { batchOptions, projectedMany, projectedOne, type LoaderEnv } from '@care/common';
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
export function healthLoaders(store: HealthStore, env: LoaderEnv, now: Date) {
  return {
    patient: projectedOne('health.patient', env, (k, f) => store.patientsByNhs(k, f), byNhs),
    conditions: projectedMany('health.conditions', env, (k, f) => store.conditionsByNhs(k, f), byNhs),
    medications: projectedMany('health.medications', env, (k, f) => store.medicationsByNhs(k, f), byNhs),
    allergies: projectedMany('health.allergies', env, (k, f) => store.allergiesByNhs(k, f), byNhs),
    encounters: projectedMany('health.encounters', env, (k, f) => store.encountersByNhs(k, f), byNhs),
    flags: projectedMany('health.flags', env, (k, f) => store.activeFlagsByNhs(k, f), byNhs),
    observations: projectedMany('health.observations', env, (k, f) => store.observationsByNhs(k, f), byNhs),
    /** Flag inputs per person; null for a person health does not know. Three reads for everyone. */
    flagInputs: new DataLoader<string, HealthFlagInputs | null>(async (keys) => {
      env.metrics?.batchSize.observe({ loader: 'health.flagInputs' }, keys.length);
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
    }, batchOptions(env)),
  };
}
