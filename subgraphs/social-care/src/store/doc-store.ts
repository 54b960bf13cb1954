import {
  timeSliceFilter,
  type Collection,
  type Doc,
  type DocStore,
  type Filter,
  type TimeSlice,
} from '@care/common';
import type {
  AssessmentDoc,
  CaseloadDoc,
  CaseloadFilter,
  CaseNoteDoc,
  ClientDoc,
  ReferralDoc,
  ReferralEventDoc,
  ReferralStatus,
  ServiceDoc,
  SocialCareStore,
} from './port';
import type { CorrectionDoc } from '../workflows/types';

/** Always read: the loaders key by NHS number, and the sort field keeps "newest first" stable. */
const CLIENT_KEYS = ['nhsNumber', 'clientId'];
const CASELOAD_FIELDS = [
  'clientId',
  'nhsNumber',
  'givenName',
  'familyName',
  'dateOfBirth',
  'caseStatus',
  'childProtection',
  'updatedAt',
];

/** What timeline events are made of (issue 5): the time fields and what the summaries say. */
const TIMELINE_ASSESSMENT_FIELDS = ['nhsNumber', 'id', 'kind', 'startedOn', 'completedOn', 'outcome'];
const TIMELINE_SERVICE_FIELDS = ['nhsNumber', 'id', 'kind', 'description', 'startDate', 'endDate'];
const TIMELINE_REFERRAL_FIELDS = [
  'nhsNumber',
  'id',
  'service',
  'urgency',
  'createdAt',
  'updatedAt',
  'history',
];

const TIMELINE_CORRECTION_FIELDS = [
  'nhsNumber',
  'id',
  'field',
  'targetLabel',
  'status',
  'proposedAt',
  'decidedAt',
];

const projection = (keys: string[], fields: readonly string[]) => [...new Set([...keys, ...fields])];

async function replace<T extends Doc>(col: Collection<T>, docs: T[]): Promise<void> {
  if (docs.length === 0) return;
  await col.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
  await col.insertMany(docs);
}

/** The social care store over either document store adapter (MongoDB or the embedded one). */
export class SocialCareDocStore implements SocialCareStore {
  private readonly clients;
  private readonly assessments;
  private readonly services;
  private readonly caseNotes;
  private readonly referrals;
  /** Read here only for the timeline (issue 5); the corrections workflow owns the collection. */
  private readonly corrections;

  constructor(store: DocStore) {
    this.clients = store.collection<ClientDoc>('clients');
    this.assessments = store.collection<AssessmentDoc>('assessments');
    this.services = store.collection<ServiceDoc>('services');
    this.caseNotes = store.collection<CaseNoteDoc>('caseNotes');
    this.referrals = store.collection<ReferralDoc>('referrals');
    this.corrections = store.collection<CorrectionDoc>('corrections');
  }

  clientsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ClientDoc[]> {
    return this.clients.find(
      { nhsNumber: { $in: [...nhsNumbers] } },
      { projection: projection(CLIENT_KEYS, fields) },
    );
  }

  assessmentsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<AssessmentDoc[]> {
    return this.assessments.find(
      { nhsNumber: { $in: [...nhsNumbers] } },
      { projection: projection(['nhsNumber', 'id', 'startedOn'], fields), sort: { startedOn: -1, id: -1 } },
    );
  }

  servicesByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ServiceDoc[]> {
    return this.services.find(
      { nhsNumber: { $in: [...nhsNumbers] } },
      { projection: projection(['nhsNumber', 'id', 'startDate'], fields), sort: { startDate: -1, id: -1 } },
    );
  }

  caseNotesByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<CaseNoteDoc[]> {
    return this.caseNotes.find(
      { nhsNumber: { $in: [...nhsNumbers] } },
      { projection: projection(['nhsNumber', 'id', 'writtenAt'], fields), sort: { writtenAt: -1, id: -1 } },
    );
  }

  caseload(workerId: string, filter: CaseloadFilter, limit: number): Promise<CaseloadDoc[]> {
    const query: Filter = { 'allocatedWorker.id': workerId, nhsNumber: { $ne: null } };
    if (filter.status) query.caseStatus = filter.status;
    if (filter.childProtectionOnly) {
      query.$or = [
        { 'childProtection.onPlan': true },
        { 'childProtection.lookedAfter': true },
        { 'childProtection.unbornChildPlan': true },
      ];
    }
    return this.clients.find(query, {
      projection: CASELOAD_FIELDS,
      sort: { updatedAt: -1, clientId: 1 },
      limit,
    }) as Promise<CaseloadDoc[]>;
  }

  referralsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ReferralDoc[]> {
    return this.referrals.find(
      { nhsNumber: { $in: [...nhsNumbers] } },
      { projection: projection(['nhsNumber', 'id', 'createdAt'], fields), sort: { createdAt: -1, id: -1 } },
    );
  }

  referralsToBorough(borough: string, status: ReferralStatus | null, limit: number): Promise<ReferralDoc[]> {
    const query: Filter = status ? { borough, status } : { borough };
    return this.referrals.find(query, { sort: { createdAt: -1, id: -1 }, limit });
  }

  countReferralsToBorough(borough: string, status: ReferralStatus): Promise<number> {
    return this.referrals.count({ borough, status });
  }

  referralsFrom(referrerOrg: string, limit: number): Promise<ReferralDoc[]> {
    return this.referrals.find({ referrerOrg }, { sort: { createdAt: -1, id: -1 }, limit });
  }

  referralById(id: string): Promise<ReferralDoc | null> {
    return this.referrals.findOne({ _id: id });
  }

  referralByIdempotencyKey(referrerOrg: string, idempotencyKey: string): Promise<ReferralDoc | null> {
    return this.referrals.findOne({ referrerOrg, idempotencyKey });
  }

  insertReferral(doc: ReferralDoc): Promise<void> {
    return this.referrals.insertOne(doc);
  }

  async transitionReferral(id: string, from: ReferralStatus, event: ReferralEventDoc): Promise<boolean> {
    // Filtering on the status read before the change: a concurrent move makes this match nothing.
    const matched = await this.referrals.updateOne(
      { _id: id, status: from },
      { $set: { status: event.status, updatedAt: event.at }, $push: { history: event } },
    );
    return matched > 0;
  }

  putClients(docs: ClientDoc[]): Promise<void> {
    return replace(this.clients, docs);
  }

  putAssessments(docs: AssessmentDoc[]): Promise<void> {
    return replace(this.assessments, docs);
  }

  putServices(docs: ServiceDoc[]): Promise<void> {
    return replace(this.services, docs);
  }

  putCaseNotes(docs: CaseNoteDoc[]): Promise<void> {
    return replace(this.caseNotes, docs);
  }

  putReferrals(docs: ReferralDoc[]): Promise<void> {
    return replace(this.referrals, docs);
  }

  countClients(): Promise<number> {
    return this.clients.count({});
  }

  async linkClient(clientId: string, nhsNumber: string): Promise<boolean> {
    const client = await this.clients.findOne({ clientId }, { projection: ['nhsNumber'] });
    if (!client || (client.nhsNumber !== null && client.nhsNumber !== nhsNumber)) return false;
    // The client's own records first, the client last: a retry after a failure finishes the job.
    for (const col of [this.assessments, this.services, this.caseNotes] as const) {
      const docs = await col.find({ clientId }, { projection: ['_id'] });
      for (const d of docs) await col.updateOne({ _id: d._id }, { $set: { nhsNumber } });
    }
    return (await this.clients.updateOne({ clientId }, { $set: { nhsNumber } })) === 1;
  }

  async ensureIndexes(): Promise<void> {
    await this.clients.ensureIndex(['nhsNumber'], { sparse: true });
    // The caseload reads one worker's clients newest first: the index serves both.
    await this.clients.ensureIndex(['allocatedWorker.id', 'updatedAt']);
    await this.clients.ensureIndex(['borough']);
    await this.clients.ensureIndex(['caseStatus']);
    for (const col of [this.assessments, this.services, this.caseNotes]) {
      await col.ensureIndex(['nhsNumber']);
      await col.ensureIndex(['clientId']);
    }
    await this.referrals.ensureIndex(['nhsNumber']);
    await this.referrals.ensureIndex(['borough', 'status']);
    await this.referrals.ensureIndex(['status']);
    await this.referrals.ensureIndex(['referrerOrg', 'idempotencyKey'], { unique: true });
    await this.ensureTimelineIndexes();
  }

  // Timeline (issue 5).

  assessmentsInSlice(
    nhsNumber: string,
    field: 'startedOn' | 'completedOn',
    slice: TimeSlice,
  ): Promise<AssessmentDoc[]> {
    return this.assessments.find(
      { nhsNumber, ...timeSliceFilter(field, slice) },
      { projection: TIMELINE_ASSESSMENT_FIELDS, sort: { [field]: -1, id: -1 }, limit: slice.limit },
    );
  }

  servicesInSlice(
    nhsNumber: string,
    field: 'startDate' | 'endDate',
    slice: TimeSlice,
  ): Promise<ServiceDoc[]> {
    return this.services.find(
      { nhsNumber, ...timeSliceFilter(field, slice) },
      { projection: TIMELINE_SERVICE_FIELDS, sort: { [field]: -1, id: -1 }, limit: slice.limit },
    );
  }

  referralsCreatedInSlice(nhsNumber: string, slice: TimeSlice): Promise<ReferralDoc[]> {
    return this.referrals.find(
      { nhsNumber, ...timeSliceFilter('createdAt', slice) },
      { projection: TIMELINE_REFERRAL_FIELDS, sort: { createdAt: -1, id: -1 }, limit: slice.limit },
    );
  }

  async referralsChangedInSlice(nhsNumber: string, slice: TimeSlice): Promise<ReferralDoc[]> {
    const { before, from, to, limit } = slice;
    // A referral still RECEIVED has had no status change.
    const changed: Filter = { nhsNumber, status: { $ne: 'RECEIVED' } };
    const since: Filter[] = from ? [{ updatedAt: { $gte: from } }] : [];
    // Settled: every change is inside the slice's upper bound, the last one at updatedAt, so the
    // newest `limit` of them by updatedAt hold the newest `limit` changes.
    const settled: Filter[] = [
      { updatedAt: { $lte: to } },
      ...(before ? [{ updatedAt: { $lt: before.at } }] : []),
      ...since,
    ];
    // Straddling: made before the bound, changed again after it; few, as they were open across it.
    const straddling: Filter[] = [
      { createdAt: { $lte: before && before.at < to ? before.at : to } },
      { $or: [{ updatedAt: { $gt: to } }, ...(before ? [{ updatedAt: { $gte: before.at } }] : [])] },
      ...since,
    ];
    const opts = { projection: TIMELINE_REFERRAL_FIELDS };
    const [recent, open] = await Promise.all([
      this.referrals.find(
        { ...changed, $and: settled },
        { ...opts, sort: { updatedAt: -1, id: -1 }, limit: limit + 1 },
      ),
      this.referrals.find({ ...changed, $and: straddling }, opts),
    ]);
    // Others changed at the same instant as the last one kept may hold changes that belong on the page.
    const last = recent[limit - 1];
    const ties =
      last && recent[limit]?.updatedAt === last.updatedAt
        ? await this.referrals.find({ ...changed, $and: [...settled, { updatedAt: last.updatedAt }] }, opts)
        : [];
    return [...recent, ...ties, ...open];
  }

  correctionsInSlice(
    nhsNumber: string,
    field: 'proposedAt' | 'decidedAt',
    slice: TimeSlice,
  ): Promise<CorrectionDoc[]> {
    const decided: Filter = field === 'decidedAt' ? { status: { $in: ['ACCEPTED', 'REJECTED'] } } : {};
    return this.corrections.find(
      { nhsNumber, ...decided, ...timeSliceFilter(field, slice) },
      { projection: TIMELINE_CORRECTION_FIELDS, sort: { [field]: -1, id: -1 }, limit: slice.limit },
    );
  }

  async ensureTimelineIndexes(): Promise<void> {
    await this.corrections.ensureIndex(['nhsNumber', 'proposedAt']);
    await this.corrections.ensureIndex(['nhsNumber', 'decidedAt']);
    await this.assessments.ensureIndex(['nhsNumber', 'startedOn']);
    await this.assessments.ensureIndex(['nhsNumber', 'completedOn']);
    await this.services.ensureIndex(['nhsNumber', 'startDate']);
    await this.services.ensureIndex(['nhsNumber', 'endDate']);
    await this.referrals.ensureIndex(['nhsNumber', 'createdAt']);
    await this.referrals.ensureIndex(['nhsNumber', 'updatedAt']);
  }
}
