import { DuplicateKeyError, type Collection, type DocStore, type Filter } from '@care/common';
import { randomUUID } from 'node:crypto';
import type { AssessmentDoc, CaseNoteDoc, ReferralDoc, ServiceDoc } from '../store/port';
import type {
  CorrectionDoc,
  CorrectionProvenance,
  CorrectionStatus,
  FinancialAssessmentDoc,
  TransferArchiveDoc,
  TransferDoc,
  TransferState,
  WorkflowClientDoc,
  WorkflowServiceDoc,
} from './types';

const NEWEST = { sort: { updatedAt: -1 as const, id: -1 as const } };

/**
 * A lock not renewed for this long was left by a process that died: an import renews its lock
 * every IMPORT_LOCK_RENEW_MS while it runs, however long it takes.
 */
export const IMPORT_LOCK_STALE_MS = 5 * 60 * 1000;
export const IMPORT_LOCK_RENEW_MS = IMPORT_LOCK_STALE_MS / 5;

const correctionsQuery = (
  owner: { borough: string } | { proposerOrg: string },
  status: CorrectionStatus | null,
): Filter => ({
  ...owner,
  // An accept in flight has not decided anything yet: it lists as proposed.
  ...(status === 'PROPOSED' ? { status: { $in: ['PROPOSED', 'APPLYING'] } } : status ? { status } : {}),
});

interface ExternalFilter {
  status: TransferState[];
  toBorough?: string;
}

/** Marked imported, but the person index not yet told: unfinished, like one still importing. */
const UNFINISHED_IMPORT: Filter = { status: 'IMPORTED', indexPending: true };

/** Imported with the person index not yet told counts as importing, not imported. */
const externalWhere = (filter: ExternalFilter): Filter => {
  const plain = filter.status.filter((s) => s !== 'IMPORTED');
  const either: Filter[] = [];
  if (plain.length) either.push({ status: { $in: plain } });
  if (filter.status.includes('IMPORTING')) either.push(UNFINISHED_IMPORT);
  if (filter.status.includes('IMPORTED')) either.push({ status: 'IMPORTED', indexPending: { $ne: true } });
  return {
    external: true,
    // Files imported before they were held for approval have nothing to show here.
    held: { $exists: true },
    $or: either,
    ...(filter.toBorough ? { toBorough: filter.toBorough } : {}),
  };
};

/**
 * An archive is keyed by its transfer and the import that wrote it (its claim, the new client id),
 * so that a stalled attempt's late write can neither collide with nor remove another's. Archives
 * written before claims were kept under the transfer id alone.
 */
export const archiveId = (transferId: string, claim: string | null): string =>
  claim ? `${transferId}:${claim}` : transferId;

/** What the record's sections look like together: a client and everything filed under them. */
export interface FullRecord {
  client: WorkflowClientDoc;
  assessments: AssessmentDoc[];
  services: ServiceDoc[];
  caseNotes: CaseNoteDoc[];
}

/**
 * The workflows' store: their own collections (corrections, financial assessments, transfers and
 * the archive of transferred-out records) and the writes they make to the record itself. Every
 * write that depends on what was read is conditional on it, so a concurrent change is never lost.
 */
export class WorkflowStore {
  private readonly corrections: Collection<CorrectionDoc>;
  private readonly financial: Collection<FinancialAssessmentDoc>;
  private readonly transfers: Collection<TransferDoc>;
  private readonly archive: Collection<TransferArchiveDoc>;
  private readonly importLocks: Collection<{ _id: string; at: string; token: string }>;
  private readonly clients: Collection<WorkflowClientDoc>;
  private readonly assessments: Collection<AssessmentDoc>;
  private readonly services: Collection<WorkflowServiceDoc>;
  private readonly caseNotes: Collection<CaseNoteDoc>;
  private readonly referrals: Collection<ReferralDoc>;

  constructor(store: DocStore) {
    this.corrections = store.collection('corrections');
    this.financial = store.collection('financialAssessments');
    this.transfers = store.collection('recordTransfers');
    this.archive = store.collection('transferredOutRecords');
    this.importLocks = store.collection('transferImportLocks');
    this.clients = store.collection('clients');
    this.assessments = store.collection('assessments');
    this.services = store.collection('services');
    this.caseNotes = store.collection('caseNotes');
    this.referrals = store.collection('referrals');
  }

  // Corrections.

  correctionById(id: string): Promise<CorrectionDoc | null> {
    return this.corrections.findOne({ _id: id });
  }

  correctionByIdempotencyKey(org: string, key: string): Promise<CorrectionDoc | null> {
    return this.corrections.findOne({ proposerOrg: org, idempotencyKey: key });
  }

  openCorrection(openKey: string): Promise<CorrectionDoc | null> {
    return this.corrections.findOne({ openKey });
  }

  /** Throws DuplicateKeyError when the key was used, or another proposal for the value is open. */
  insertCorrection(doc: CorrectionDoc): Promise<void> {
    return this.corrections.insertOne(doc);
  }

  correctionsWhere(
    owner: { borough: string } | { proposerOrg: string },
    status: CorrectionStatus | null,
    limit: number,
  ): Promise<CorrectionDoc[]> {
    return this.corrections.find(correctionsQuery(owner, status), { ...NEWEST, limit });
  }

  countCorrections(owner: { borough: string }, status: CorrectionStatus): Promise<number> {
    return this.corrections.count(correctionsQuery(owner, status));
  }

  acceptedCorrectionsByNhs(nhsNumbers: readonly string[]): Promise<CorrectionDoc[]> {
    return this.corrections.find(
      { nhsNumber: { $in: [...nhsNumbers] }, status: 'ACCEPTED' },
      { sort: { decidedAt: -1, id: -1 } },
    );
  }

  /** Moves a correction on only if it is still in `from`; returns whether it moved. */
  async moveCorrection(
    id: string,
    from: CorrectionStatus,
    set: Partial<CorrectionDoc>,
    closes: boolean,
  ): Promise<boolean> {
    const update = closes ? { $set: set, $unset: { openKey: true as const } } : { $set: set };
    return (await this.corrections.updateOne({ _id: id, status: from }, update)) > 0;
  }

  correctionsDecidedBetween(borough: string, from: string, to: string): Promise<CorrectionDoc[]> {
    return this.corrections.find(
      { borough, decidedAt: { $gte: from, $lt: to }, status: { $in: ['ACCEPTED', 'REJECTED'] } },
      { projection: ['status', 'nhsNumber', 'decidedAt'] },
    );
  }

  // The record, as corrections and transfers read and change it.

  clientByNhs(nhsNumber: string): Promise<WorkflowClientDoc | null> {
    return this.clients.findOne({ nhsNumber });
  }

  serviceById(id: string): Promise<WorkflowServiceDoc | null> {
    return this.services.findOne({ _id: id });
  }

  /**
   * Replaces a client's contacts if the client was not changed since it was read (`updatedAt`),
   * recording the correction on the client in the same write.
   */
  async applyToClient(
    clientId: string,
    readAt: string,
    contacts: WorkflowClientDoc['contacts'],
    provenance: CorrectionProvenance,
  ): Promise<boolean> {
    const matched = await this.clients.updateOne(
      { _id: clientId, updatedAt: readAt },
      { $set: { contacts, updatedAt: provenance.acceptedAt }, $push: { corrections: provenance } },
    );
    return matched > 0;
  }

  /** Sets a service's hours if they are still the old value, recording the correction on it. */
  async applyToService(
    serviceId: string,
    oldHours: number | null,
    newHours: number,
    provenance: CorrectionProvenance,
  ): Promise<boolean> {
    const matched = await this.services.updateOne(
      { _id: serviceId, hoursPerWeek: oldHours },
      { $set: { hoursPerWeek: newHours }, $push: { corrections: provenance } },
    );
    return matched > 0;
  }

  /** Marks the client changed (a corrected service changes the record too). */
  async touchClient(clientId: string, at: string): Promise<void> {
    await this.clients.updateOne({ _id: clientId }, { $set: { updatedAt: at } });
  }

  // Financial assessments.

  financialByIdempotencyKey(org: string, key: string): Promise<FinancialAssessmentDoc | null> {
    return this.financial.findOne({ assessedByOrg: org, idempotencyKey: key });
  }

  insertFinancial(doc: FinancialAssessmentDoc): Promise<void> {
    return this.financial.insertOne(doc);
  }

  financialByNhs(nhsNumbers: readonly string[]): Promise<FinancialAssessmentDoc[]> {
    return this.financial.find({ nhsNumber: { $in: [...nhsNumbers] } }, { sort: { assessedAt: -1, id: -1 } });
  }

  // Record transfers.

  async fullRecord(nhsNumber: string): Promise<FullRecord | null> {
    const client = await this.clientByNhs(nhsNumber);
    if (!client) return null;
    const [assessments, services, caseNotes] = await Promise.all([
      this.assessments.find({ nhsNumber }, { sort: { startedOn: -1, id: -1 } }),
      this.services.find({ nhsNumber }, { sort: { startDate: -1, id: -1 } }),
      this.caseNotes.find({ nhsNumber }, { sort: { writtenAt: -1, id: -1 } }),
    ]);
    return { client, assessments, services, caseNotes };
  }

  /**
   * Whether this service holds records for the borough, or has exported any from it (a file
   * received from outside names its sender too, and says nothing of who this service serves).
   */
  async servesBorough(borough: string): Promise<boolean> {
    const [client, sent] = await Promise.all([
      this.clients.findOne({ borough }, { projection: ['_id'] }),
      this.transfers.findOne({ fromBorough: borough, external: { $ne: true } }, { projection: ['_id'] }),
    ]);
    return client !== null || sent !== null;
  }

  /**
   * One import per person at a time: two files about one person (from two boroughs, approved at
   * once) must not both become records. Returns the lock's token, or null if another import holds
   * it; a lock left by a process that died mid-import frees itself IMPORT_LOCK_STALE_MS after
   * its last renewal.
   */
  async lockPerson(nhsNumber: string, now: Date): Promise<string | null> {
    const at = now.toISOString();
    const token = randomUUID();
    try {
      await this.importLocks.insertOne({ _id: nhsNumber, at, token });
      return token;
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      const held = await this.importLocks.findOne({ _id: nhsNumber });
      if (held && Date.parse(held.at) < now.getTime() - IMPORT_LOCK_STALE_MS) {
        const taken = await this.importLocks.updateOne(
          { _id: nhsNumber, token: held.token },
          { $set: { at, token } },
        );
        return taken > 0 ? token : null;
      }
      return null;
    }
  }

  /** Whether the lock is still this token's: false once another import took it over as stale. */
  async renewLock(nhsNumber: string, token: string, now: Date): Promise<boolean> {
    return (
      (await this.importLocks.updateOne({ _id: nhsNumber, token }, { $set: { at: now.toISOString() } })) > 0
    );
  }

  async unlockPerson(nhsNumber: string, token: string): Promise<void> {
    await this.importLocks.deleteMany({ _id: nhsNumber, token });
  }

  /** A person's transfers an import left unfinished: importing, or imported with the index not yet told. */
  unfinishedTransfersOf(nhsNumber: string): Promise<TransferDoc[]> {
    return this.transfers.find({
      nhsNumber,
      $or: [{ status: 'IMPORTING' }, UNFINISHED_IMPORT],
    });
  }

  transferById(id: string): Promise<TransferDoc | null> {
    return this.transfers.findOne({ _id: id });
  }

  /** Throws DuplicateKeyError when a transfer with this id exists. */
  insertTransfer(doc: TransferDoc): Promise<void> {
    return this.transfers.insertOne(doc);
  }

  /**
   * `held.xml: null` discards a received file once it is decided (an undone approval puts it back).
   * `claim`: only while the transfer is this import's (its new client id), not another's.
   */
  async moveTransfer(
    id: string,
    from: TransferState,
    set: Partial<TransferDoc> & { 'held.xml'?: string | null },
    claim?: string | null,
  ): Promise<boolean> {
    const filter: Filter = { _id: id, status: from, ...(claim ? { newClientId: claim } : {}) };
    return (await this.transfers.updateOne(filter, { $set: set })) > 0;
  }

  /** Files received from outside the service, newest first; one borough's, or every borough's. */
  externalTransfers(filter: ExternalFilter, limit: number): Promise<TransferDoc[]> {
    return this.transfers.find(
      externalWhere(filter),
      // The file itself stays in the store: a list needs only what it says and who sent it.
      {
        sort: { 'held.submittedAt': -1 },
        limit,
        projection: [
          'id',
          'nhsNumber',
          'fromBorough',
          'toBorough',
          'status',
          'exportedAt',
          'exportedBy',
          'newClientId',
          'indexPending',
          'decidedAt',
          'decidedBy',
          'refusalReason',
          'held.givenName',
          'held.familyName',
          'held.dateOfBirth',
          'held.counts',
          'held.submittedAt',
          'held.submittedBy',
        ],
      },
    );
  }

  countExternalTransfers(filter: ExternalFilter): Promise<number> {
    return this.transfers.count(externalWhere(filter));
  }

  transfersBetween(
    side: 'toBorough' | 'fromBorough',
    borough: string,
    from: string,
    to: string,
  ): Promise<TransferDoc[]> {
    return this.transfers.find(
      { [side]: borough, status: 'IMPORTED', importedAt: { $gte: from, $lt: to } },
      { projection: ['nhsNumber', 'importedAt'] },
    );
  }

  insertArchive(doc: TransferArchiveDoc): Promise<void> {
    return this.archive.insertOne(doc);
  }

  /**
   * The sender's record as one import of the transfer archived it (see archiveId), or as an
   * archive kept under the transfer id alone holds it, if it names no other import.
   */
  async archiveFor(transferId: string, claim: string | null): Promise<TransferArchiveDoc | null> {
    const own = claim ? await this.archive.findOne({ _id: archiveId(transferId, claim) }) : null;
    if (own) return own;
    const bare = await this.archive.findOne({ _id: transferId });
    return bare && (!bare.claim || bare.claim === claim) ? bare : null;
  }

  async deleteArchive(archive: TransferArchiveDoc): Promise<void> {
    await this.archive.deleteMany({ _id: archive._id });
  }

  /** Removes a whole record (client and sections) by client id. */
  async removeRecord(clientId: string): Promise<void> {
    await Promise.all([
      this.assessments.deleteMany({ clientId }),
      this.services.deleteMany({ clientId }),
      this.caseNotes.deleteMany({ clientId }),
    ]);
    await this.clients.deleteMany({ _id: clientId });
  }

  /**
   * Puts back whatever part of a record is missing, keeping what is there: a record an import had
   * archived but not yet removed stayed its borough's, and may have been written to since.
   */
  async restoreRecord(record: FullRecord): Promise<void> {
    const missing = async <T extends { _id: string }>(col: Collection<T>, docs: T[]) => {
      if (!docs.length) return;
      const held = new Set(
        (await col.find({ _id: { $in: docs.map((d) => d._id) } }, { projection: ['_id'] })).map((d) => d._id),
      );
      const gone = docs.filter((d) => !held.has(d._id));
      if (gone.length) await col.insertMany(gone);
    };
    await missing(this.assessments, record.assessments);
    await missing(this.services, record.services);
    await missing(this.caseNotes, record.caseNotes);
    await missing(this.clients, [record.client]);
  }

  /** Writes a whole record; sections first, so the client (what readers find first) comes last. */
  async insertRecord(record: FullRecord): Promise<void> {
    if (record.assessments.length) await this.assessments.insertMany(record.assessments);
    if (record.services.length) await this.services.insertMany(record.services);
    if (record.caseNotes.length) await this.caseNotes.insertMany(record.caseNotes);
    await this.clients.insertOne(record.client);
  }

  // Reports.

  referralsReceivedBetween(borough: string, from: string, to: string): Promise<ReferralDoc[]> {
    return this.referrals.find(
      { borough, createdAt: { $gte: from, $lt: to } },
      { projection: ['nhsNumber', 'status', 'createdAt', 'history'] },
    );
  }

  async ensureIndexes(): Promise<void> {
    await this.corrections.ensureIndex(['proposerOrg', 'idempotencyKey'], { unique: true });
    await this.corrections.ensureIndex(['openKey'], { unique: true, sparse: true });
    await this.corrections.ensureIndex(['borough', 'status']);
    await this.corrections.ensureIndex(['nhsNumber']);
    await this.financial.ensureIndex(['assessedByOrg', 'idempotencyKey'], { unique: true });
    await this.financial.ensureIndex(['nhsNumber']);
    await this.transfers.ensureIndex(['toBorough', 'status']);
    await this.transfers.ensureIndex(['fromBorough', 'status']);
    await this.transfers.ensureIndex(['external', 'status', 'held.submittedAt']);
    await this.transfers.ensureIndex(['nhsNumber', 'status']);
    await this.referrals.ensureIndex(['borough', 'createdAt']);
  }
}
