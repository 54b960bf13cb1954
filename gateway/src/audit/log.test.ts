import { NedbStore, type Collection } from '@care/common';
import { GovernanceStore } from '../governance/store';
import { AuditLog } from './log';
import type { AuditDoc, AuditEntry } from './record';

const entry = (i: number): AuditEntry => ({
  at: new Date(Date.UTC(2026, 11, 1, 12, 0, i)).toISOString(),
  requestId: `r-${i}`,
  user: 'dr.okafor',
  role: 'gp',
  org: 'E85001',
  purpose: 'direct_care',
  breakGlass: false,
  kind: 'read',
  operationName: 'Person',
  operationHash: 'h',
  outcome: 'allowed',
  persons: ['9990000018'],
  access: [{ persons: ['9990000018'], allowed: ['Person.health'], denied: [] }],
  note: null,
});

describe('the audit log', () => {
  let store: NedbStore;
  let col: Collection<AuditDoc>;
  beforeEach(async () => {
    store = new NedbStore(null);
    const gov = new GovernanceStore(store);
    await gov.ensureIndexes();
    col = gov.audit;
  });
  afterEach(() => store.close());

  it('chains records that arrive together, writing them in few batches, each caller waiting for its own', async () => {
    const log = new AuditLog(col);
    const writesBefore = store.stats.writes;
    await Promise.all(Array.from({ length: 100 }, (_, i) => log.append(entry(i))));
    const docs = await col.find({}, { sort: { seq: 1 } });
    expect(docs.map((d) => d.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(docs.map((d) => d.requestId)).toEqual(Array.from({ length: 100 }, (_, i) => `r-${i}`));
    // Appended in one turn of the event loop: one batch, not a write per record.
    expect(store.stats.writes - writesBefore).toBe(1);
    expect(await log.verify()).toEqual({ ok: true, checked: 100, firstBroken: null });
  });

  it('keeps one chain when two replicas append to the same store', async () => {
    const a = new AuditLog(col);
    const b = new AuditLog(col);
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        ...Array.from({ length: 3 }, (_, i) => a.append(entry(round * 10 + i))),
        ...Array.from({ length: 3 }, (_, i) => b.append(entry(round * 10 + 5 + i))),
      ]);
    }
    expect(await a.verify()).toEqual({ ok: true, checked: 30, firstBroken: null });
  });

  it('refuses the records of a batch the store cannot take, and chains on once it can', async () => {
    const log = new AuditLog(col);
    await log.append(entry(0));
    const insertMany = col.insertMany.bind(col);
    col.insertMany = () => Promise.reject(new Error('store unavailable'));
    await expect(Promise.all([log.append(entry(1)), log.append(entry(2))])).rejects.toThrow(
      'store unavailable',
    );
    col.insertMany = insertMany;
    await log.append(entry(3));
    const docs = await col.find({}, { sort: { seq: 1 } });
    expect(docs.map((d) => d.requestId)).toEqual(['r-0', 'r-3']);
    expect(await log.verify()).toMatchObject({ ok: true, checked: 2 });
  });
});
