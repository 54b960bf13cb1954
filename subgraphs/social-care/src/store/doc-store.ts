import type { Collection, Doc, DocStore, Filter } from '@care/common';
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

  constructor(store: DocStore) {
    this.clients = store.collection<ClientDoc>('clients');
    this.assessments = store.collection<AssessmentDoc>('assessments');
    this.services = store.collection<ServiceDoc>('services');
    this.caseNotes = store.collection<CaseNoteDoc>('caseNotes');
    this.referrals = store.collection<ReferralDoc>('referrals');
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
  }
}
