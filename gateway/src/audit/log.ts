import { DuplicateKeyError, type Collection } from '@care/common';
import { chainHash, entryOf, GENESIS_HASH, type AuditDoc, type AuditEntry } from './record';

interface Pending {
  entry: AuditEntry;
  resolve: () => void;
  reject: (e: Error) => void;
}

const seqId = (seq: number) => String(seq).padStart(12, '0');

/**
 * The append-only, hash-chained audit trail. Appends are group-committed: records that arrive
 * while a write is in flight go together in the next batch, each chained to the one before, and
 * every caller waits until its record is stored. A competing writer (another replica) makes the
 * unique `seq` index refuse the batch; the head is re-read and the batch chained again.
 */
export class AuditLog {
  private queue: Pending[] = [];
  private writing = false;
  private scheduled = false;
  private head: { seq: number; hash: string } | null = null;

  constructor(private readonly col: Collection<AuditDoc>) {}

  append(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      // Responses that finish in the same turn of the event loop (the subgraph answers of several
      // requests read in one poll) go in one batch, rather than each waiting for the one before.
      if (!this.writing && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          if (!this.writing) void this.drain();
        });
      }
    });
  }

  private async loadHead(): Promise<{ seq: number; hash: string }> {
    const last = await this.col.findOne({}, { sort: { seq: -1 }, projection: ['seq', 'hash'] });
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.writeBatch(batch.map((p) => p.entry));
        for (const p of batch) p.resolve();
      } catch (e) {
        this.head = null;
        const err = e instanceof Error ? e : new Error(String(e));
        for (const p of batch) p.reject(err);
      }
    }
    this.writing = false;
  }

  private async writeBatch(entries: AuditEntry[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const head = this.head ?? (await this.loadHead());
      let { seq, hash } = head;
      const docs: AuditDoc[] = entries.map((entry) => {
        seq += 1;
        const prevHash = hash;
        hash = chainHash(entry, seq, prevHash);
        return { _id: seqId(seq), seq, prevHash, hash, ...entry };
      });
      try {
        await this.col.insertMany(docs);
        this.head = { seq, hash };
        return;
      } catch (e) {
        this.head = null;
        if (!(e instanceof DuplicateKeyError) || attempt >= 5) throw e;
      }
    }
  }

  /** Walks the chain from the start; reports the first record whose link or content does not hold. */
  async verify(
    pageSize = 2000,
  ): Promise<{ ok: boolean; checked: number; firstBroken: { seq: number; reason: string } | null }> {
    let prevHash = GENESIS_HASH;
    let expected = 1;
    let checked = 0;
    for (;;) {
      const page = await this.col.find({ seq: { $gte: expected } }, { sort: { seq: 1 }, limit: pageSize });
      if (page.length === 0) break;
      for (const doc of page) {
        const broken = (reason: string) => ({ ok: false, checked, firstBroken: { seq: doc.seq, reason } });
        if (doc.seq !== expected)
          return { ok: false, checked, firstBroken: { seq: expected, reason: 'record missing' } };
        if (doc.prevHash !== prevHash) return broken('link to the previous record does not match');
        if (chainHash(entryOf(doc), doc.seq, doc.prevHash) !== doc.hash)
          return broken('record content was changed');
        prevHash = doc.hash;
        expected += 1;
        checked += 1;
      }
    }
    return { ok: true, checked, firstBroken: null };
  }
}
