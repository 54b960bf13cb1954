import type { Collection, DocStore, Filter } from '@care/common';
import type { DischargeNoticeDoc, DischargeNoticeKind } from './types';

const NEWEST = { sort: { sentAt: -1 as const, id: -1 as const } };

/** Discharge and assessment notices: health's own collection, read per person, per borough and per sender. */
export class DischargeStore {
  private readonly notices: Collection<DischargeNoticeDoc>;

  constructor(store: DocStore) {
    this.notices = store.collection('dischargeNotices');
  }

  byId(id: string): Promise<DischargeNoticeDoc | null> {
    return this.notices.findOne({ _id: id });
  }

  byIdempotencyKey(senderOrg: string, key: string): Promise<DischargeNoticeDoc | null> {
    return this.notices.findOne({ senderOrg, idempotencyKey: key });
  }

  /** Throws DuplicateKeyError when the sender already used the idempotency key. */
  insert(doc: DischargeNoticeDoc): Promise<void> {
    return this.notices.insertOne(doc);
  }

  byNhs(nhsNumbers: readonly string[]): Promise<DischargeNoticeDoc[]> {
    return this.notices.find({ nhsNumber: { $in: [...nhsNumbers] } }, NEWEST);
  }

  toBorough(
    borough: string,
    filter: { kind: DischargeNoticeKind | null; unacknowledgedOnly: boolean },
    limit: number,
  ): Promise<DischargeNoticeDoc[]> {
    const query: Filter = { borough };
    if (filter.kind) query.kind = filter.kind;
    if (filter.unacknowledgedOnly) query.acknowledgedAt = null;
    return this.notices.find(query, { ...NEWEST, limit });
  }

  countUnacknowledged(borough: string): Promise<number> {
    return this.notices.count({ borough, acknowledgedAt: null });
  }

  fromSender(senderOrg: string, limit: number): Promise<DischargeNoticeDoc[]> {
    return this.notices.find({ senderOrg }, { ...NEWEST, limit });
  }

  /** Acknowledges a notice nobody has acknowledged yet; false if someone already has. */
  async acknowledge(id: string, by: string, at: string): Promise<boolean> {
    const n = await this.notices.updateOne(
      { _id: id, acknowledgedAt: null },
      { $set: { acknowledgedBy: by, acknowledgedAt: at } },
    );
    return n > 0;
  }

  sentToBoroughBetween(borough: string, start: string, end: string): Promise<DischargeNoticeDoc[]> {
    return this.notices.find(
      { borough, sentAt: { $gte: start, $lt: end } },
      { projection: ['nhsNumber', 'kind', 'encounterId', 'plannedDischargeDate', 'sentAt'] },
    );
  }

  async ensureIndexes(): Promise<void> {
    await this.notices.ensureIndex(['senderOrg', 'idempotencyKey'], { unique: true });
    await this.notices.ensureIndex(['nhsNumber']);
    await this.notices.ensureIndex(['borough', 'sentAt']);
    await this.notices.ensureIndex(['borough', 'acknowledgedAt']);
  }
}
