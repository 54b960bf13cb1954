import { createHash } from 'node:crypto';
import {
  ENTERED_IN_ERROR,
  type AllergyDoc,
  type ConditionDoc,
  type EncounterDoc,
  type FlagDoc,
  type MedicationDoc,
  type ObservationDoc,
} from '../store/port';
import type { FoundResource } from './parse';
import type {
  AllergyIntolerance,
  Condition,
  Encounter,
  Flag,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Organization,
  Quantity,
  Resource,
} from './r4';
import type { ResourceIndex } from './patients';
import {
  BLOOD_PRESSURE,
  ENCOUNTER_CLASS,
  EXTENSION,
  FLAG_KINDS,
  FLAG_SNOMED,
  NO_KNOWN_ALLERGY,
  NO_KNOWN_SPECIFIC_ALLERGY,
  OWN_SYSTEM,
  SYSTEM,
} from './terminology';
import {
  codeOf,
  dateOf,
  FieldProblem,
  hasCode,
  identifierValue,
  instantOf,
  statusOf,
  textOf,
} from './values';

/** Where an entry goes: the store's section collections. */
export type Section = 'conditions' | 'medications' | 'allergies' | 'encounters' | 'flags' | 'observations';

export interface SectionDocs {
  conditions: ConditionDoc;
  medications: MedicationDoc;
  allergies: AllergyDoc;
  encounters: EncounterDoc;
  flags: FlagDoc;
  observations: ObservationDoc;
}

/** What one clinical resource becomes. */
export type Mapped =
  | { kind: 'entry'; section: Section; doc: SectionDocs[Section] }
  /** A "no known allergies" statement (true), or one withdrawn as refuted / entered in error (false). */
  | { kind: 'no-known-allergies'; value: boolean }
  /** Valid, but nothing this record shows (e.g. a planned encounter): counted, not stored. */
  | { kind: 'skip'; reason: string };

export const IMPORTED_TYPES = [
  'Condition',
  'AllergyIntolerance',
  'MedicationStatement',
  'MedicationRequest',
  'Encounter',
  'Flag',
  'Observation',
] as const;
export type ImportedType = (typeof IMPORTED_TYPES)[number];

export const isImportedType = (t: string): t is ImportedType =>
  (IMPORTED_TYPES as readonly string[]).includes(t);

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The store ids of an entry, the same every time the same resource is imported: from this
 * gateway's own entry identifier (an export), else the resource id, else its first identifier,
 * its fullUrl, or its content. An entry id is reused only for the person it names, so no file
 * can overwrite someone else's entry.
 */
export function entryIds(found: FoundResource, nhsNumber: string): { _id: string; id: string } {
  const r = found.resource;
  const own = identifierValue(r.identifier, OWN_SYSTEM.entryId);
  if (own && own.includes(nhsNumber)) return { _id: own, id: r.id ?? own };
  if (r.id) return { _id: `fhir:${nhsNumber}:${r.resourceType}/${r.id}`, id: r.id };
  const ids = Array.isArray(r.identifier) ? r.identifier : r.identifier ? [r.identifier] : [];
  const first = ids.find((i) => i.system && i.value);
  const basis = first ? `${first.system}|${first.value}` : (found.fullUrl ?? JSON.stringify(r));
  const id = hash(`${r.resourceType}|${basis}`).slice(0, 24);
  return { _id: `fhir:${nhsNumber}:${r.resourceType}/${id}`, id };
}

interface Context {
  found: FoundResource;
  index: ResourceIndex;
  nhsNumber: string;
}

const base = (cx: Context) => ({
  ...entryIds(cx.found, cx.nhsNumber),
  nhsNumber: cx.nhsNumber,
  source: cx.found.resource.meta?.source?.trim() || 'FHIR import',
});

function required<T>(value: T | null | undefined, location: string, what: string): T {
  if (value === null || value === undefined) throw new FieldProblem(location, `${what} is required here`);
  return value;
}

const CONDITION_CLINICAL: Record<string, ConditionDoc['clinicalStatus']> = {
  active: 'active',
  recurrence: 'active',
  relapse: 'active',
  inactive: 'inactive',
  remission: 'remission',
  resolved: 'resolved',
};
const CONDITION_VERIFICATION: Record<string, ConditionDoc['verificationStatus']> = {
  unconfirmed: 'unconfirmed',
  provisional: 'provisional',
  differential: 'provisional',
  confirmed: 'confirmed',
  refuted: 'refuted',
  'entered-in-error': ENTERED_IN_ERROR,
};

function condition(cx: Context): Mapped {
  const c = cx.found.resource as Condition;
  const clinical = statusOf(c.clinicalStatus, SYSTEM.conditionClinical);
  const verification = statusOf(c.verificationStatus, SYSTEM.conditionVerification);
  const doc: ConditionDoc = {
    ...base(cx),
    code: codeOf(c.code),
    display: required(textOf(c.code), 'Condition.code', 'a coded or named condition'),
    clinicalStatus: clinical ? (CONDITION_CLINICAL[clinical] ?? null) : null,
    // An unstated verification is how GP systems send a coded problem: taken as confirmed.
    verificationStatus: verification ? (CONDITION_VERIFICATION[verification] ?? 'unconfirmed') : 'confirmed',
    onset:
      dateOf(c.onsetDateTime, 'Condition.onsetDateTime') ??
      dateOf(c.onsetPeriod?.start, 'Condition.onsetPeriod'),
  };
  return { kind: 'entry', section: 'conditions', doc };
}

const ALLERGY_VERIFICATION: Record<string, AllergyDoc['verificationStatus']> = {
  unconfirmed: 'unconfirmed',
  confirmed: 'confirmed',
  refuted: 'refuted',
  'entered-in-error': ENTERED_IN_ERROR,
};

function allergy(cx: Context): Mapped {
  const a = cx.found.resource as AllergyIntolerance;
  const verification = statusOf(a.verificationStatus, SYSTEM.allergyVerification);
  const withdrawn = verification === 'refuted' || verification === 'entered-in-error';
  // "No known allergies" is a statement about the record, never an allergy to "no known allergy".
  if (hasCode(a.code, SYSTEM.snomed, NO_KNOWN_ALLERGY))
    return { kind: 'no-known-allergies', value: !withdrawn };
  const narrower = (a.code?.coding ?? []).find(
    (c) => c.system === SYSTEM.snomed && c.code && NO_KNOWN_SPECIFIC_ALLERGY[c.code],
  );
  if (narrower?.code) return { kind: 'skip', reason: NO_KNOWN_SPECIFIC_ALLERGY[narrower.code] };
  const clinical = statusOf(a.clinicalStatus, SYSTEM.allergyClinical);
  const reaction = a.reaction?.[0];
  const doc: AllergyDoc = {
    ...base(cx),
    code: codeOf(a.code),
    substance: required(textOf(a.code), 'AllergyIntolerance.code', 'a coded or named substance'),
    reaction: (reaction && (textOf(reaction.manifestation[0]) ?? reaction.description?.trim())) || null,
    criticality: a.criticality ?? null,
    clinicalStatus:
      clinical === 'active' || clinical === 'inactive' || clinical === 'resolved' ? clinical : null,
    verificationStatus: verification ? (ALLERGY_VERIFICATION[verification] ?? 'unconfirmed') : 'confirmed',
    recordedDate: dateOf(a.recordedDate, 'AllergyIntolerance.recordedDate'),
  };
  return { kind: 'entry', section: 'allergies', doc };
}

const STATEMENT_STATUS: Record<string, MedicationDoc['status']> = {
  active: 'active',
  completed: 'completed',
  'entered-in-error': ENTERED_IN_ERROR,
  intended: 'on-hold',
  stopped: 'stopped',
  'on-hold': 'on-hold',
  // Shown as current: hiding a medicine that may be taken is the worse mistake.
  unknown: 'active',
  'not-taken': 'stopped',
};
const REQUEST_STATUS: Record<string, MedicationDoc['status']> = {
  active: 'active',
  'on-hold': 'on-hold',
  cancelled: 'stopped',
  completed: 'completed',
  'entered-in-error': ENTERED_IN_ERROR,
  stopped: 'stopped',
  draft: 'on-hold',
  unknown: 'active',
};

function medicine(
  cx: Context,
  r: MedicationStatement | MedicationRequest,
): { code: string | null; display: string } {
  const where = `${r.resourceType}.medication`;
  if (r.medicationCodeableConcept) {
    return {
      code: codeOf(r.medicationCodeableConcept),
      display: required(textOf(r.medicationCodeableConcept), where, 'a coded or named medicine'),
    };
  }
  const ref = r.medicationReference;
  const target = ref?.reference ? cx.index.resolve(ref.reference, cx.found) : null;
  const med = target?.resourceType === 'Medication' ? (target as Medication) : null;
  return {
    code: codeOf(med?.code),
    display: required(
      textOf(med?.code) ?? ref?.display?.trim(),
      where,
      'a Medication this import holds, or a display',
    ),
  };
}

function medication(cx: Context): Mapped {
  const r = cx.found.resource as MedicationStatement | MedicationRequest;
  const statement = r.resourceType === 'MedicationStatement';
  const status = (statement ? STATEMENT_STATUS : REQUEST_STATUS)[r.status];
  const dosage = statement ? r.dosage?.[0] : r.dosageInstruction?.[0];
  const start = statement
    ? (dateOf(r.effectiveDateTime, 'MedicationStatement.effectiveDateTime') ??
      dateOf(r.effectivePeriod?.start, 'MedicationStatement.effectivePeriod'))
    : (dateOf(r.dispenseRequest?.validityPeriod?.start, 'MedicationRequest.dispenseRequest') ??
      dateOf(r.authoredOn, 'MedicationRequest.authoredOn'));
  const doc: MedicationDoc = {
    ...base(cx),
    ...medicine(cx, r),
    dosage: dosage?.text?.trim() || dosage?.patientInstruction?.trim() || null,
    status: required(status, `${r.resourceType}.status`, 'a known status'),
    start,
  };
  return { kind: 'entry', section: 'medications', doc };
}

const ENCOUNTER_STATUS: Record<string, EncounterDoc['status']> = {
  arrived: 'in-progress',
  triaged: 'in-progress',
  'in-progress': 'in-progress',
  onleave: 'in-progress',
  finished: 'finished',
  cancelled: 'cancelled',
  'entered-in-error': ENTERED_IN_ERROR,
};

function encounter(cx: Context): Mapped {
  const e = cx.found.resource as Encounter;
  const status = ENCOUNTER_STATUS[e.status];
  if (!status) return { kind: 'skip', reason: `status ${e.status}` };
  const kind = ENCOUNTER_CLASS[e.class.code ?? ''];
  if (!kind) {
    throw new FieldProblem(
      'Encounter.class',
      `class ${e.class.code ?? '(none)'} is not one the record shows (${Object.keys(ENCOUNTER_CLASS).join(', ')})`,
    );
  }
  const provider = e.serviceProvider;
  const org = provider?.reference ? cx.index.resolve(provider.reference, cx.found) : null;
  const organization = org?.resourceType === 'Organization' ? (org as Organization) : null;
  const expected = e.extension?.find((x) => x.url === EXTENSION.expectedDischargeDate)?.valueDate;
  const doc: EncounterDoc = {
    ...base(cx),
    kind,
    hospital: provider?.display?.trim() || organization?.name?.trim() || null,
    hospitalCode:
      (provider?.identifier?.system === SYSTEM.ods ? provider.identifier.value : undefined) ??
      identifierValue(organization?.identifier, SYSTEM.ods),
    reason: textOf(e.reasonCode?.[0]),
    start: required(
      instantOf(e.period?.start, 'Encounter.period.start'),
      'Encounter.period.start',
      'a start time',
    ),
    end: instantOf(e.period?.end, 'Encounter.period.end'),
    expectedDischargeDate: kind === 'ADMISSION' ? dateOf(expected, 'Encounter.extension') : null,
    status,
  };
  return { kind: 'entry', section: 'encounters', doc };
}

function flagKind(f: Flag): FlagDoc['kind'] {
  const own = (f.code.coding ?? []).find((c) => c.system === OWN_SYSTEM.flagKind)?.code;
  const known = FLAG_KINDS.find((k) => k === own);
  if (known) return known;
  const snomed = (f.code.coding ?? []).find(
    (c) => c.system === SYSTEM.snomed && c.code && FLAG_SNOMED[c.code],
  );
  return snomed?.code ? FLAG_SNOMED[snomed.code] : 'OTHER';
}

function flag(cx: Context): Mapped {
  const f = cx.found.resource as Flag;
  const doc: FlagDoc = {
    ...base(cx),
    kind: flagKind(f),
    display: required(textOf(f.code), 'Flag.code', 'a coded or worded flag'),
    since: dateOf(f.period?.start, 'Flag.period.start'),
    status: f.status,
  };
  return { kind: 'entry', section: 'flags', doc };
}

const OBSERVATION_STATUS: Record<string, ObservationDoc['status']> = {
  final: 'final',
  amended: 'amended',
  corrected: 'amended',
  'entered-in-error': ENTERED_IN_ERROR,
};

const quantityText = (q: Quantity | undefined): string | null =>
  q?.value === undefined ? null : `${q.value}${q.unit || q.code ? ` ${q.unit ?? q.code}` : ''}`;

function observationValue(o: Observation): string | null {
  const part = (code: string) => o.component?.find((c) => hasCode(c.code, SYSTEM.loinc, code))?.valueQuantity;
  const sys = part(BLOOD_PRESSURE.systolic);
  const dia = part(BLOOD_PRESSURE.diastolic);
  if (sys?.value !== undefined && dia?.value !== undefined) {
    return `${sys.value}/${dia.value} ${sys.unit ?? dia.unit ?? 'mmHg'}`;
  }
  if (o.valueQuantity) return quantityText(o.valueQuantity);
  if (o.valueString !== undefined) return o.valueString;
  if (o.valueCodeableConcept) return textOf(o.valueCodeableConcept);
  if (o.valueBoolean !== undefined) return o.valueBoolean ? 'Yes' : 'No';
  if (o.valueInteger !== undefined) return String(o.valueInteger);
  return null;
}

function observation(cx: Context): Mapped {
  const o = cx.found.resource as Observation;
  const status = OBSERVATION_STATUS[o.status];
  // Preliminary, cancelled or unknown results are not results to show.
  if (!status) return { kind: 'skip', reason: `status ${o.status}` };
  const doc: ObservationDoc = {
    ...base(cx),
    code: codeOf(o.code),
    display: required(textOf(o.code), 'Observation.code', 'a coded or named observation'),
    value: observationValue(o),
    effective:
      instantOf(o.effectiveDateTime, 'Observation.effectiveDateTime') ??
      instantOf(o.effectiveInstant, 'Observation.effectiveInstant') ??
      instantOf(o.effectivePeriod?.start, 'Observation.effectivePeriod'),
    status,
  };
  return { kind: 'entry', section: 'observations', doc };
}

const MAPPERS: Record<ImportedType, (cx: Context) => Mapped> = {
  Condition: condition,
  AllergyIntolerance: allergy,
  MedicationStatement: medication,
  MedicationRequest: medication,
  Encounter: encounter,
  Flag: flag,
  Observation: observation,
};

/** Maps a validated clinical resource for a person; throws FieldProblem for what cannot be stored. */
export function mapEntry(found: FoundResource, index: ResourceIndex, nhsNumber: string): Mapped {
  return MAPPERS[found.resource.resourceType as ImportedType]({ found, index, nhsNumber });
}

/** The reference naming who a clinical resource is about. */
export function subjectOf(r: Resource) {
  return r.resourceType === 'AllergyIntolerance'
    ? (r as AllergyIntolerance).patient
    : (r as Condition | Encounter | Flag | Observation | MedicationStatement).subject;
}
