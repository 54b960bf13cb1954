import {
  timeSliceFilter,
  type Collection,
  type Doc,
  type DocStore,
  type Filter,
  type Sort,
  type TimeSlice,
} from '@care/common';
import {
  ENTERED_IN_ERROR,
  type AllergyDoc,
  type ConditionDoc,
  type EncounterDoc,
  type EncounterKind,
  type FlagDoc,
  type FlagEncounterQuery,
  type HealthStore,
  type MedicationDoc,
  type ObservationDoc,
  type PatientDoc,
} from './port';
import type { DischargeNoticeDoc } from '../discharge/types';

const PATIENT_KEYS = ['nhsNumber'];
const ENTRY_KEYS = ['nhsNumber', 'id'];

/** How one section is read: the field its status lives in, and the field it is ordered by (newest first). */
interface SectionSpec {
  collection: string;
  statusField: 'status' | 'verificationStatus';
  orderBy: string;
}

const SECTIONS = {
  conditions: { collection: 'conditions', statusField: 'verificationStatus', orderBy: 'onset' },
  medications: { collection: 'medications', statusField: 'status', orderBy: 'start' },
  allergies: { collection: 'allergies', statusField: 'verificationStatus', orderBy: 'recordedDate' },
  encounters: { collection: 'encounters', statusField: 'status', orderBy: 'start' },
  flags: { collection: 'flags', statusField: 'status', orderBy: 'since' },
  observations: { collection: 'observations', statusField: 'status', orderBy: 'effective' },
} satisfies Record<string, SectionSpec>;

const CHUNK = 1000;

/** What encounter events say (issue 5). */
const TIMELINE_ENCOUNTER_FIELDS = ['kind', 'hospital', 'reason', 'start', 'end'];

/** One section's collection: reads exclude entries entered in error, in the query itself. */
class Section<T extends Doc & { nhsNumber: string }> {
  readonly docs: Collection<T>;

  constructor(
    store: DocStore,
    private readonly spec: SectionSpec,
  ) {
    this.docs = store.collection<T>(spec.collection);
  }

  find(nhsNumbers: readonly string[], fields: readonly string[], extra: Filter = {}): Promise<T[]> {
    const sort: Sort = { [this.spec.orderBy]: -1, _id: -1 };
    return this.docs.find(
      // The guard sits in $and so no caller's filter on the same field can replace it.
      {
        nhsNumber: { $in: [...nhsNumbers] },
        $and: [{ [this.spec.statusField]: { $ne: ENTERED_IN_ERROR } }, extra],
      },
      { projection: [...new Set([...ENTRY_KEYS, this.spec.orderBy, ...fields])], sort },
    );
  }

  put(docs: T[]): Promise<void> {
    return putInChunks(this.docs, docs);
  }

  /** A timeline slice on one time field (issue 5): limited and ordered by the store. */
  inSlice(nhsNumber: string, field: string, slice: TimeSlice, fields: readonly string[], extra: Filter = {}) {
    return this.docs.find(
      {
        nhsNumber,
        $and: [{ [this.spec.statusField]: { $ne: ENTERED_IN_ERROR } }, extra, timeSliceFilter(field, slice)],
      },
      {
        projection: [...new Set([...ENTRY_KEYS, field, ...fields])],
        sort: { [field]: -1, id: -1 },
        limit: slice.limit,
      },
    );
  }

  async ensureIndexes(): Promise<void> {
    await this.docs.ensureIndex(['nhsNumber']);
  }
}

/** Replaces by `_id`, in chunks so a borough-sized seed never builds one huge request. */
async function putInChunks<T extends Doc>(collection: Collection<T>, docs: T[]): Promise<void> {
  for (let i = 0; i < docs.length; i += CHUNK) {
    const chunk = docs.slice(i, i + CHUNK);
    await collection.deleteMany({ _id: { $in: chunk.map((d) => d._id) } });
    await collection.insertMany(chunk);
  }
}

/** The health store over either document store adapter (MongoDB or the embedded one). */
export class HealthDocStore implements HealthStore {
  private readonly patients: Collection<PatientDoc>;
  private readonly conditions: Section<ConditionDoc>;
  private readonly medications: Section<MedicationDoc>;
  private readonly allergies: Section<AllergyDoc>;
  private readonly encounters: Section<EncounterDoc>;
  private readonly flags: Section<FlagDoc>;
  private readonly observations: Section<ObservationDoc>;
  /** Read here only for the timeline (issue 5); the discharge workflow owns the collection. */
  private readonly notices: Collection<DischargeNoticeDoc>;

  constructor(store: DocStore) {
    this.patients = store.collection<PatientDoc>('patients');
    this.conditions = new Section(store, SECTIONS.conditions);
    this.medications = new Section(store, SECTIONS.medications);
    this.allergies = new Section(store, SECTIONS.allergies);
    this.encounters = new Section(store, SECTIONS.encounters);
    this.flags = new Section(store, SECTIONS.flags);
    this.observations = new Section(store, SECTIONS.observations);
    this.notices = store.collection<DischargeNoticeDoc>('dischargeNotices');
  }

  patientsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<PatientDoc[]> {
    return this.patients.find(
      { nhsNumber: { $in: [...nhsNumbers] } },
      { projection: [...new Set([...PATIENT_KEYS, ...fields])] },
    );
  }

  conditionsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ConditionDoc[]> {
    return this.conditions.find(nhsNumbers, fields);
  }

  medicationsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<MedicationDoc[]> {
    return this.medications.find(nhsNumbers, fields);
  }

  allergiesByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<AllergyDoc[]> {
    return this.allergies.find(nhsNumbers, fields);
  }

  encountersByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<EncounterDoc[]> {
    return this.encounters.find(nhsNumbers, fields);
  }

  activeFlagsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<FlagDoc[]> {
    return this.flags.find(nhsNumbers, fields, { status: 'active' });
  }

  observationsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ObservationDoc[]> {
    return this.observations.find(nhsNumbers, fields);
  }

  flagEncountersByNhs(
    nhsNumbers: readonly string[],
    query: FlagEncounterQuery,
    fields: readonly string[],
  ): Promise<EncounterDoc[]> {
    return this.encounters.find(nhsNumbers, fields, {
      $or: [
        { kind: 'AE_ATTENDANCE', start: { $gte: query.aeSince } },
        { kind: 'ADMISSION', status: 'in-progress' },
      ],
    });
  }

  patientsAtPractice(odsCode: string, limit: number): Promise<PatientDoc[]> {
    return this.patients.find(
      { registeredPractice: odsCode },
      {
        projection: PATIENT_KEYS,
        sort: { 'demographics.familyName': 1, 'demographics.givenName': 1, nhsNumber: 1 },
        limit,
      },
    );
  }

  putPatients(docs: PatientDoc[]): Promise<void> {
    return putInChunks(this.patients, docs);
  }

  putConditions(docs: ConditionDoc[]): Promise<void> {
    return this.conditions.put(docs);
  }

  putMedications(docs: MedicationDoc[]): Promise<void> {
    return this.medications.put(docs);
  }

  putAllergies(docs: AllergyDoc[]): Promise<void> {
    return this.allergies.put(docs);
  }

  putEncounters(docs: EncounterDoc[]): Promise<void> {
    return this.encounters.put(docs);
  }

  putFlags(docs: FlagDoc[]): Promise<void> {
    return this.flags.put(docs);
  }

  putObservations(docs: ObservationDoc[]): Promise<void> {
    return this.observations.put(docs);
  }

  countPatients(): Promise<number> {
    return this.patients.count({});
  }

  async ensureIndexes(): Promise<void> {
    await this.patients.ensureIndex(['nhsNumber'], { unique: true });
    await this.patients.ensureIndex(['registeredPractice']);
    await Promise.all(
      [this.conditions, this.medications, this.allergies, this.encounters, this.flags, this.observations].map(
        (s) => s.ensureIndexes(),
      ),
    );
    await this.encounters.docs.ensureIndex(['nhsNumber', 'start']);
    await this.ensureTimelineIndexes();
  }

  // Timeline (issue 5).

  encountersInSlice(
    nhsNumber: string,
    field: 'start' | 'end',
    kinds: readonly EncounterKind[],
    slice: TimeSlice,
  ): Promise<EncounterDoc[]> {
    return this.encounters.inSlice(nhsNumber, field, slice, TIMELINE_ENCOUNTER_FIELDS, {
      kind: { $in: [...kinds] },
      status: { $ne: 'cancelled' },
    });
  }

  conditionsInSlice(nhsNumber: string, slice: TimeSlice): Promise<ConditionDoc[]> {
    return this.conditions.inSlice(nhsNumber, 'onset', slice, ['display']);
  }

  medicationsInSlice(nhsNumber: string, slice: TimeSlice): Promise<MedicationDoc[]> {
    return this.medications.inSlice(nhsNumber, 'start', slice, ['display']);
  }

  flagsInSlice(nhsNumber: string, slice: TimeSlice): Promise<FlagDoc[]> {
    return this.flags.inSlice(nhsNumber, 'since', slice, ['kind', 'display']);
  }

  dischargeNoticesInSlice(nhsNumber: string, slice: TimeSlice): Promise<DischargeNoticeDoc[]> {
    return this.notices.find(
      { nhsNumber, ...timeSliceFilter('sentAt', slice) },
      {
        projection: ['nhsNumber', 'id', 'kind', 'hospital', 'plannedDischargeDate', 'sentAt'],
        sort: { sentAt: -1, id: -1 },
        limit: slice.limit,
      },
    );
  }

  async ensureTimelineIndexes(): Promise<void> {
    await this.notices.ensureIndex(['nhsNumber', 'sentAt']);
    await this.encounters.docs.ensureIndex(['nhsNumber', 'end']);
    await this.conditions.docs.ensureIndex(['nhsNumber', 'onset']);
    await this.medications.docs.ensureIndex(['nhsNumber', 'start']);
    await this.flags.docs.ensureIndex(['nhsNumber', 'since']);
  }
}
