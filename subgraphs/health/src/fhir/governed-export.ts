import { decide, forbidden, type DenyReason, type PersonFacts } from '@care/common';
import DataLoader from 'dataloader';
import type { HealthContext } from '../context';
import { exportBundle, type Allow } from './export';
import type { FhirPatientLinks } from './links';

const FIELDS = {
  patient: ['registeredPractice', 'demographics', 'noKnownAllergies', 'source'],
  conditions: ['code', 'display', 'clinicalStatus', 'verificationStatus', 'onset', 'source'],
  medications: ['code', 'display', 'dosage', 'status', 'start', 'source'],
  allergies: [
    'code',
    'substance',
    'reaction',
    'criticality',
    'clinicalStatus',
    'verificationStatus',
    'recordedDate',
    'source',
  ],
  encounters: [
    'kind',
    'hospital',
    'hospitalCode',
    'reason',
    'start',
    'end',
    'expectedDischargeDate',
    'status',
    'source',
  ],
  flags: ['kind', 'display', 'since', 'status', 'source'],
  observations: ['code', 'display', 'value', 'effective', 'status', 'source'],
};

/** One Patient-id read per request however many people are exported (keyed on the request's loaders). */
const patientIds = new WeakMap<object, DataLoader<string, string[]>>();
function patientIdLoader(ctx: HealthContext, links: FhirPatientLinks): DataLoader<string, string[]> {
  let loader = patientIds.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (keys) => {
      const found = await links.idsOf(keys);
      return keys.map((k) => found.get(k) ?? []);
    });
    patientIds.set(ctx.loaders, loader);
  }
  return loader;
}

/**
 * The policy decision for each part of the export, exactly as the shield would decide the same
 * field in a query, recorded for the audit trail (allowed and withheld alike).
 */
function governedAllow(ctx: HealthContext, nhsNumber: string, facts: PersonFacts) {
  const decided = new Map<string, DenyReason | null>();
  const decideOnce = (coordinate: string): DenyReason | null => {
    if (decided.has(coordinate)) return decided.get(coordinate) ?? null;
    const d = decide(ctx.gov.policy, coordinate, ctx.gov.viewer, facts, ctx.gov.now);
    if (d.allow) ctx.gov.access.allowed(nhsNumber, coordinate, d.breakGlass, d.notify);
    else ctx.gov.access.denied(nhsNumber, coordinate, d.reason);
    decided.set(coordinate, d.allow ? null : d.reason);
    return d.allow ? null : d.reason;
  };
  const allow: Allow = (coordinate) => decideOnce(coordinate) === null;
  return { allow, deniedFor: decideOnce };
}

/**
 * `Person.fhirBundle`: the record as FHIR, built from the same governed fields a query would
 * return, so an export never carries what the caller's role, relationship or consent withholds.
 * Sections the caller may not see are not even read.
 */
export function fhirBundleResolver(links: FhirPatientLinks) {
  return async (
    person: { nhsNumber: string },
    _args: unknown,
    ctx: HealthContext,
  ): Promise<string | null> => {
    const nhs = person.nhsNumber;
    const facts = await ctx.gov.facts.load(nhs);
    const { allow, deniedFor } = governedAllow(ctx, nhs, facts);
    const denied = deniedFor('Person.health');
    if (denied) throw forbidden(denied, 'Person.health');
    const patient = await ctx.loaders.patient.load({ key: nhs, fields: FIELDS.patient });
    if (!patient) return null;
    const read = <T>(
      field: string,
      type: string,
      loader: { load(k: { key: string; fields: readonly string[] }): Promise<T[]> },
      fields: string[],
    ): Promise<T[]> =>
      allow(`HealthRecord.${field}`) && allow(`${type}.id`)
        ? loader.load({ key: nhs, fields })
        : Promise.resolve([]);
    const [conditions, medications, allergies, encounters, flags, observations, ids] = await Promise.all([
      read('conditions', 'Condition', ctx.loaders.conditions, FIELDS.conditions),
      read('medications', 'Medication', ctx.loaders.medications, FIELDS.medications),
      read('allergies', 'Allergy', ctx.loaders.allergies, FIELDS.allergies),
      read('encounters', 'Encounter', ctx.loaders.encounters, FIELDS.encounters),
      read('clinicalFlags', 'ClinicalFlag', ctx.loaders.flags, FIELDS.flags),
      read('observations', 'Observation', ctx.loaders.observations, FIELDS.observations),
      patientIdLoader(ctx, links).load(nhs),
    ]);
    const bundle = exportBundle(
      {
        patient,
        patientId: ids[0] ?? nhs,
        conditions,
        medications,
        allergies,
        encounters,
        flags,
        observations,
      },
      allow,
      ctx.gov.now.toISOString(),
    );
    return JSON.stringify(bundle);
  };
}
