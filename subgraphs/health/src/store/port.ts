import type { TimeSlice } from '@care/common';
import type { DischargeNoticeDoc } from '../discharge/types';

/**
 * The health record as stored: one patient document per person, and one collection per section
 * (conditions, medications…), each document carrying the patient's NHS number so the shield can
 * find the person it belongs to. Entries entered in error are kept, as the source systems keep
 * them, and excluded when read.
 */

/** The status value, in every section, of an entry recorded by mistake. */
export const ENTERED_IN_ERROR = 'entered-in-error';

export interface DemographicsDoc {
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  sex: 'female' | 'male' | 'other' | 'unknown' | null;
  postcode: string | null;
}

export interface PatientDoc {
  /** The NHS number: a health record is always keyed by one. */
  _id: string;
  nhsNumber: string;
  /** ODS code of the registered GP practice; null when the person is known only to a hospital. */
  registeredPractice: string | null;
  demographics: DemographicsDoc;
  noKnownAllergies: boolean;
  /** Where the record came from: GP, a hospital, or an imported FHIR file. */
  source: string;
}

/** What every section entry carries. */
interface EntryDoc {
  _id: string;
  id: string;
  nhsNumber: string;
  /** GP, hospital (ODS code) or FHIR import. */
  source: string | null;
}

export interface ConditionDoc extends EntryDoc {
  code: string | null;
  display: string;
  clinicalStatus: 'active' | 'resolved' | 'inactive' | 'remission' | null;
  verificationStatus: 'confirmed' | 'provisional' | 'unconfirmed' | 'refuted' | typeof ENTERED_IN_ERROR;
  onset: string | null;
}

export interface MedicationDoc extends EntryDoc {
  code: string | null;
  display: string;
  dosage: string | null;
  status: 'active' | 'completed' | 'stopped' | 'on-hold' | typeof ENTERED_IN_ERROR;
  start: string | null;
}

export interface AllergyDoc extends EntryDoc {
  code: string | null;
  substance: string;
  reaction: string | null;
  criticality: 'low' | 'high' | 'unable-to-assess' | null;
  clinicalStatus: 'active' | 'inactive' | 'resolved' | null;
  verificationStatus: 'confirmed' | 'unconfirmed' | 'refuted' | typeof ENTERED_IN_ERROR;
  /** When it was recorded (ISO date): the order the record lists allergies in. */
  recordedDate: string | null;
}

export type EncounterKind = 'AE_ATTENDANCE' | 'ADMISSION' | 'OUTPATIENT';

export interface EncounterDoc extends EntryDoc {
  kind: EncounterKind;
  hospital: string | null;
  hospitalCode: string | null;
  reason: string | null;
  /** ISO 8601. */
  start: string;
  end: string | null;
  /** ISO date, admissions only. */
  expectedDischargeDate: string | null;
  status: 'in-progress' | 'finished' | 'cancelled' | typeof ENTERED_IN_ERROR;
}

export type FlagKind = 'FALLS_RISK' | 'DEMENTIA' | 'LEARNING_DISABILITY' | 'END_OF_LIFE' | 'OTHER';

export interface FlagDoc extends EntryDoc {
  kind: FlagKind;
  display: string;
  since: string | null;
  status: 'active' | 'inactive' | typeof ENTERED_IN_ERROR;
}

export interface ObservationDoc extends EntryDoc {
  code: string | null;
  display: string;
  value: string | null;
  effective: string | null;
  status: 'final' | 'amended' | typeof ENTERED_IN_ERROR;
}

/** The encounters the health flags are computed from, for many people at once. */
export interface FlagEncounterQuery {
  /** A&E attendances that started on or after this instant (ISO 8601). */
  aeSince: string;
}

/**
 * What the health subgraph needs from its store. Reads are bulk (one call for many people),
 * projected to `fields` (plus the keys and the field the section is ordered by), newest first,
 * and never return an entry entered in error.
 */
export interface HealthStore {
  patientsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<PatientDoc[]>;
  conditionsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ConditionDoc[]>;
  medicationsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<MedicationDoc[]>;
  allergiesByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<AllergyDoc[]>;
  encountersByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<EncounterDoc[]>;
  /** Active flags only: a flag that was lifted is no longer a flag. */
  activeFlagsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<FlagDoc[]>;
  observationsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ObservationDoc[]>;
  /** A&E attendances since `aeSince` and admissions in progress: all the health flags need. */
  flagEncountersByNhs(
    nhsNumbers: readonly string[],
    query: FlagEncounterQuery,
    fields: readonly string[],
  ): Promise<EncounterDoc[]>;
  /** Patients registered at one practice, by family then given name. */
  patientsAtPractice(odsCode: string, limit: number): Promise<PatientDoc[]>;

  /** Inserts or replaces documents (seeding, imports). */
  putPatients(docs: PatientDoc[]): Promise<void>;
  putConditions(docs: ConditionDoc[]): Promise<void>;
  putMedications(docs: MedicationDoc[]): Promise<void>;
  putAllergies(docs: AllergyDoc[]): Promise<void>;
  putEncounters(docs: EncounterDoc[]): Promise<void>;
  putFlags(docs: FlagDoc[]): Promise<void>;
  putObservations(docs: ObservationDoc[]): Promise<void>;
  countPatients(): Promise<number>;
  ensureIndexes(): Promise<void>;

  // Timeline (issue 5): one person's entries in a time slice, by (time, id) descending, at most
  // `slice.limit`, one read each; never entered in error.
  /** Encounters of these kinds, not cancelled, whose `field` (start, or end for discharges) is in the slice. */
  encountersInSlice(
    nhsNumber: string,
    field: 'start' | 'end',
    kinds: readonly EncounterKind[],
    slice: TimeSlice,
  ): Promise<EncounterDoc[]>;
  /** Conditions by onset. */
  conditionsInSlice(nhsNumber: string, slice: TimeSlice): Promise<ConditionDoc[]>;
  /** Medications by start. */
  medicationsInSlice(nhsNumber: string, slice: TimeSlice): Promise<MedicationDoc[]>;
  /** Flags by when they were raised, lifted ones included: they were raised all the same. */
  flagsInSlice(nhsNumber: string, slice: TimeSlice): Promise<FlagDoc[]>;
  /** Assessment and discharge notices by when they were sent. */
  dischargeNoticesInSlice(nhsNumber: string, slice: TimeSlice): Promise<DischargeNoticeDoc[]>;
  /** Adds the (NHS number, time) indexes the slices read by; part of ensureIndexes. */
  ensureTimelineIndexes(): Promise<void>;
}
