import { randomUUID } from 'node:crypto';
import type {
  Collection,
  Doc,
  DocStore,
  NedbStore,
  PersonRegistration,
  PolicyDocument,
  Unlinking,
} from '@care/common';
import { grantAll } from '@care/common/src/testing';
import { SOCIAL_CARE_POLICY } from '../../seeded-policy';
import type { TransferDoc } from '../types';
import { ADA, HF, KC, nhs, NOW, startHarness, type Harness } from '../../testing/fixtures';
import { IMPORT_LOCK_RENEW_MS, WorkflowStore } from '../store';

const EXPORT = `mutation($n: NhsNumber!, $to: String!) { exportRecordForTransfer(input: { nhsNumber: $n, toBorough: $to }) { transferId xml } }`;
const IMPORT = `mutation($n: NhsNumber!, $xml: String!) { importTransferredRecord(input: { nhsNumber: $n, xml: $xml }) { transferId status clientId toBorough } }`;
const EXTERNAL = `query($s: TransferStatus) { externalTransfers(status: $s) { transferId nhsNumber givenName fromBorough toBorough status submittedBy decidedBy refusalReason clientId sectionCounts { caseNotes } } }`;
const APPROVE = `mutation($id: ID!) { approveExternalTransfer(transferId: $id) { transferId status clientId toBorough importedBy approvedBy } }`;
const REFUSE = `mutation($id: ID!, $r: String!) { refuseExternalTransfer(transferId: $id, reason: $r) { transferId status decidedBy refusalReason } }`;

const HF_SW = { role: 'social_worker' as const, org: HF, sub: 'sw.patel' };
const KC_SW = { role: 'social_worker' as const, org: KC, sub: 'sw.kc' };
const IG = { role: 'ig_admin' as const, org: 'IG', sub: 'ig.admin' };
/** A borough outside this service. */
const OUTSIDE = 'E09000099';

type Fault = {
  collection: string;
  method: 'insertMany' | 'insertOne' | 'updateOne' | 'deleteMany';
  when?: (args: unknown[]) => boolean;
  /** Instead of failing, the call waits this long first (to hold an import half way). */
  delayMs?: number;
  /** The call takes effect, then reports failure (a lost acknowledgement). */
  afterApply?: boolean;
  /** Every later call fails too until `down` is cleared: the process lost its store, as if it died. */
  goesDown?: boolean;
};

/** Six minutes without renewal, as when the process holding a person's import lock died. */
const lapseLock = (docs: NedbStore, nhsNumber: string) =>
  docs
    .collection('transferImportLocks')
    .updateOne({ _id: nhsNumber }, { $set: { at: new Date(NOW.getTime() - 6 * 60_000).toISOString() } });

/** The store call that marks a transfer imported. */
const MARKING_IMPORTED = {
  collection: 'recordTransfers',
  method: 'updateOne',
  when: (args: unknown[]) => (args[1] as { $set?: { status?: string } }).$set?.status === 'IMPORTED',
} as const;

/** Fails one store call the test names: a disk full or a lost primary half way through an import. */
class FaultyStore implements DocStore {
  readonly kind = 'nedb' as const;
  fault: Fault | null = null;
  down = false;
  constructor(private readonly inner: NedbStore) {}
  get stats() {
    return this.inner.stats;
  }
  collection<T extends Doc>(name: string): Collection<T> {
    const col = this.inner.collection<T>(name);
    return new Proxy(col, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (this.down) return Promise.reject(new Error(`injected: store unreachable (${name})`));
          const f = this.fault;
          if (f && f.collection === name && f.method === prop && (!f.when || f.when(args))) {
            this.fault = null;
            if (f.goesDown) this.down = true;
            if (f.afterApply)
              return Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args)).then(() => {
                throw new Error(`injected lost acknowledgement in ${name}.${String(prop)}`);
              });
            if (f.delayMs !== undefined)
              return new Promise((r) => setTimeout(r, f.delayMs)).then(() =>
                (value as (...a: unknown[]) => unknown).apply(target, args),
              );
            return Promise.reject(new Error(`injected failure in ${name}.${String(prop)}`));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
  ping() {
    return this.inner.ping();
  }
  close() {
    return this.inner.close();
  }
}

const POLICY: PolicyDocument = {
  fields: {
    ...SOCIAL_CARE_POLICY.fields,
    ...grantAll(
      ['Mutation.exportRecordForTransfer', 'TransferFile.transferId', 'TransferFile.xml'],
      ['social_worker'],
      'related',
    ).fields,
    ...grantAll(
      [
        'Mutation.importTransferredRecord',
        'TransferReceipt.transferId',
        'TransferReceipt.status',
        'TransferReceipt.clientId',
        'TransferReceipt.toBorough',
        'TransferReceipt.importedBy',
        'TransferReceipt.approvedBy',
        'Query.externalTransfers',
        ...[
          'transferId',
          'nhsNumber',
          'givenName',
          'fromBorough',
          'toBorough',
          'status',
          'submittedBy',
          'decidedBy',
          'refusalReason',
          'clientId',
          'sectionCounts',
        ].map((f) => `ExternalTransfer.${f}`),
        'TransferCounts.caseNotes',
      ],
      ['social_worker', 'ig_admin'],
      'any',
    ).fields,
    ...grantAll(['Mutation.approveExternalTransfer', 'Mutation.refuseExternalTransfer'], ['ig_admin'], 'any')
      .fields,
    ...grantAll(
      ['WorkWaiting.user', 'WorkWaiting.externalTransfersAwaiting'],
      ['social_worker', 'ig_admin'],
      'any',
    ).fields,
  },
};

describe('record transfer import is all or nothing', () => {
  let h: Harness;
  let faulty: FaultyStore;
  const registered: PersonRegistration[][] = [];
  const queued: (boolean | undefined)[] = [];
  let hold = false;
  /** How many calls to the person index fail next (each after the index linked). */
  let failRegistrations = 0;
  const unlinked: Unlinking[] = [];

  beforeAll(async () => {
    h = await startHarness((docs) => (faulty = new FaultyStore(docs)));
    h.gw.governance.policies.set(1, POLICY);
    Object.assign(h.gw.governance, {
      registerPeople: async (entries: PersonRegistration[], _token: string, opts?: { queue?: boolean }) => {
        registered.push(entries);
        queued.push(opts?.queue);
        if (failRegistrations > 0) {
          failRegistrations -= 1;
          for (const e of entries)
            h.gw.governance.setFacts({ nhsNumber: e.nhsNumber as string, borough: e.borough });
          throw new Error('governance /internal/person-index answered 503');
        }
        if (hold)
          return {
            linked: [],
            held: entries.map((e) => ({ localId: e.localId, reason: 'demographics disagree' })),
          };
        for (const e of entries)
          h.gw.governance.setFacts({ nhsNumber: e.nhsNumber as string, borough: e.borough });
        return { linked: entries.map((e) => e.nhsNumber), held: [] };
      },
      unlinkPerson: async (entry: Unlinking) => {
        unlinked.push(entry);
        h.gw.governance.setFacts({ nhsNumber: entry.nhsNumber, borough: null });
        return { unlinked: true };
      },
    });
  });
  afterAll(() => h.stop());

  const state = async () => ({
    clients: await h.docs
      .collection<{ _id: string; clientId: string; borough: string }>('clients')
      .find({ nhsNumber: ADA }),
    assessments: (await h.docs.collection('assessments').find({ nhsNumber: ADA })).map((d) => d._id).sort(),
    services: (await h.docs.collection('services').find({ nhsNumber: ADA })).map((d) => d._id).sort(),
    caseNotes: (await h.docs.collection('caseNotes').find({ nhsNumber: ADA })).map((d) => d._id).sort(),
    archive: await h.docs.collection('transferredOutRecords').count({}),
  });
  const exportAda = async () => {
    const { body } = await h.gw.call(h.http.url, 'social-care', HF_SW, EXPORT, { n: ADA, to: KC });
    expect(body.errors).toBeUndefined();
    return body.data?.exportRecordForTransfer as { transferId: string; xml: string };
  };
  const importAda = (xml: string) => h.gw.call(h.http.url, 'social-care', KC_SW, IMPORT, { n: ADA, xml });
  /** Starts an import whose store call `fault` stalls, and lets its lock lapse meanwhile. */
  const stalledImport = async (xml: string, fault: Fault) => {
    faulty.fault = fault;
    const importing = importAda(xml).then((r) => r.body);
    await new Promise((r) => setTimeout(r, 100));
    await lapseLock(h.docs, ADA);
    return { importing };
  };
  /** After an import that went through: Ada's record back with Hammersmith & Fulham, as it began. */
  const putAdaBack = async (transferId: string, clientId: string) => {
    const store = new WorkflowStore(h.docs);
    const archived = await store.archiveFor(transferId, clientId);
    if (!archived) throw new Error('no archive of the transfer');
    const { client, assessments, services, caseNotes } = archived;
    await store.removeRecord(clientId);
    await store.insertRecord({ client, assessments, services, caseNotes });
    await store.deleteArchive(archived);
    h.gw.governance.setFacts({ nhsNumber: ADA, borough: HF, gpPractice: 'E85001' });
  };
  const transferStatus = async (id: string) =>
    (await h.docs.collection<{ _id: string; status: string }>('recordTransfers').findOne({ _id: id }))
      ?.status;

  it.each<[string, Fault]>([
    ['writing the sections', { collection: 'caseNotes', method: 'insertMany' }],
    ['writing the client', { collection: 'clients', method: 'insertOne' }],
    [
      'marking the transfer imported',
      {
        ...MARKING_IMPORTED,
      },
    ],
  ])('undoes every step when %s fails', async (_label, fault) => {
    const file = await exportAda();
    const before = await state();
    registered.length = 0;
    faulty.fault = fault;
    const { body } = await importAda(file.xml);
    expect(body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(body.errors?.[0].message).toMatch(/undone: nothing changed/);
    expect(await state()).toEqual(before);
    expect(await transferStatus(file.transferId)).toBe('EXPORTED');
    // The person index is told last, so it never moved.
    expect(registered).toEqual([]);
  });

  it('points the person index back at the sender when telling it keeps failing', async () => {
    const file = await exportAda();
    const before = await state();
    registered.length = 0;
    failRegistrations = 3;
    try {
      const { body } = await importAda(file.xml);
      expect(body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      failRegistrations = 0;
    }
    expect(await state()).toEqual(before);
    expect(await transferStatus(file.transferId)).toBe('EXPORTED');
    // The failed calls may have moved the index (say they timed out after the gateway linked): moved back.
    expect(registered.map((r) => r[0].borough)).toEqual([KC, KC, KC, HF]);
    expect(registered[3][0].localId).toBe('HF000001');
    h.gw.governance.setFacts({ nhsNumber: ADA, borough: HF, gpPractice: 'E85001' });
  });

  it('takes the new link back when the index will not take the sender’s record back either', async () => {
    const file = await exportAda();
    const before = await state();
    unlinked.length = 0;
    // Every call to the index fails after linking; then it will not match the sender's record.
    failRegistrations = 3;
    hold = true;
    try {
      expect((await importAda(file.xml)).body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      failRegistrations = 0;
      hold = false;
    }
    expect(await state()).toEqual(before);
    // No borough is left with a relationship it holds no record for.
    expect(unlinked).toEqual([{ nhsNumber: ADA, localId: expect.stringMatching(/^ELSID-/), borough: KC }]);
    h.gw.governance.setFacts({ nhsNumber: ADA, borough: HF, gpPractice: 'E85001' });
  });

  it('keeps a finished import whose pending flag could not be cleared, whatever the index says later', async () => {
    const file = await exportAda();
    // Linked, but the write clearing the pending flag fails.
    faulty.fault = {
      collection: 'recordTransfers',
      method: 'updateOne',
      when: (args) => (args[1] as { $set?: { indexPending?: boolean } }).$set?.indexPending === false,
    };
    const { body } = await importAda(file.xml);
    expect(body.errors).toBeUndefined();
    const kc = (body.data?.importTransferredRecord as { clientId: string }).clientId;
    expect(await h.docs.collection('recordTransfers').findOne({ _id: file.transferId })).toMatchObject({
      indexPending: true,
    });
    // Since then the borough changed the record, and the index would no longer match it. (The
    // link started a new facts epoch, as the gateway's index does.)
    hold = true;
    try {
      const again = await h.gw.call(h.http.url, 'social-care', { ...KC_SW, factsEpoch: 2 }, IMPORT, {
        n: ADA,
        xml: file.xml,
      });
      expect(again.body.errors?.[0].extensions?.code).toBe('CONFLICT');
    } finally {
      hold = false;
    }
    expect((await state()).clients.map((c) => [c.borough, c.clientId])).toEqual([[KC, kc]]);
    expect(await h.docs.collection('recordTransfers').findOne({ _id: file.transferId })).toMatchObject({
      status: 'IMPORTED',
      indexPending: false,
    });
    await putAdaBack(file.transferId, kc);
  });

  it('undoes the import when the person index will not match the person, listing the problem', async () => {
    const file = await exportAda();
    const before = await state();
    hold = true;
    try {
      queued.length = 0;
      const { body } = await importAda(file.xml);
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.xml' });
      expect(body.errors?.[0].message).toMatch(/do not match the person index.*nothing was imported/);
      // Undone here, so not left in the matching queue naming a record that no longer exists.
      expect(queued).toStrictEqual([false]);
    } finally {
      hold = false;
    }
    expect(await state()).toEqual(before);
  });

  it('undoes what an import that died half way left, once its lock is stale, and imports', async () => {
    const file = await exportAda();
    const before = await state();
    // The store goes away just after the new record is written: nothing after it lands, the undo
    // and the lock's release included, as when the process dies there.
    faulty.fault = { collection: 'clients', method: 'insertOne', afterApply: true, goesDown: true };
    const { body: died } = await importAda(file.xml);
    faulty.down = false;
    expect(died.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const left = await state();
    expect(left.clients.map((c) => c.borough)).toEqual([KC]);
    expect(left.archive).toBe(before.archive + 1);
    expect(await transferStatus(file.transferId)).toBe('IMPORTING');

    // Its lock is still fresh: the import may yet be running somewhere.
    const { body: early } = await importAda(file.xml);
    expect(early.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringMatching(/under way/),
    });
    // Five minutes without renewal: its process died.
    await lapseLock(h.docs, ADA);
    registered.length = 0;
    const { body } = await importAda(file.xml);
    expect(body.errors).toBeUndefined();
    const after = await state();
    expect(after.clients).toHaveLength(1);
    expect(after.clients[0]).toMatchObject({
      borough: KC,
      clientId: (body.data?.importTransferredRecord as { clientId: string }).clientId,
    });
    expect(after.clients[0].clientId).not.toBe(left.clients[0].clientId);
    // One archive of the sender's record, as if the first attempt had never run.
    expect(after.archive).toBe(before.archive + 1);
    expect(
      await new WorkflowStore(h.docs).archiveFor(file.transferId, after.clients[0].clientId),
    ).toMatchObject({
      client: { clientId: before.clients[0].clientId, borough: HF },
    });
    expect(after.caseNotes).toHaveLength(before.caseNotes.length);
    expect(await transferStatus(file.transferId)).toBe('IMPORTED');
    expect(registered.map((r) => r[0].borough)).toEqual([KC]);
    await putAdaBack(file.transferId, after.clients[0].clientId);
  });

  it('undoes an import left half way by an earlier version, from an archive kept under the transfer id', async () => {
    const file = await exportAda();
    const before = await state();
    // As the code before claims left it: importing, no client id named, the sender's record
    // archived under the transfer id and removed.
    const store = new WorkflowStore(h.docs);
    const current = await store.fullRecord(ADA);
    if (!current) throw new Error('no record for Ada');
    await store.insertArchive({
      _id: file.transferId,
      transferId: file.transferId,
      nhsNumber: ADA,
      borough: HF,
      archivedAt: NOW.toISOString(),
      ...current,
    });
    await store.removeRecord(current.client.clientId);
    await store.moveTransfer(file.transferId, 'EXPORTED', { status: 'IMPORTING' });
    const { body } = await importAda(file.xml);
    expect(body.errors).toBeUndefined();
    const kc = (body.data?.importTransferredRecord as { clientId: string }).clientId;
    expect((await state()).clients.map((c) => c.borough)).toEqual([KC]);
    // The old archive was used to put the record back, then the import archived it afresh.
    expect(await h.docs.collection('transferredOutRecords').findOne({ _id: file.transferId })).toBeNull();
    expect((await store.archiveFor(file.transferId, kc))?.caseNotes.map((n) => n.id).sort()).toEqual(
      before.caseNotes,
    );
    await putAdaBack(file.transferId, kc);
    expect(await state()).toEqual(before);
  });

  it('renews its lock while it runs, so a long import is not taken for one that died', async () => {
    const file = await exportAda();
    // Only the renewal's interval is under the test's hand; the held store call waits in real time.
    jest.useFakeTimers({
      doNotFake: [
        'setTimeout',
        'clearTimeout',
        'setImmediate',
        'nextTick',
        'queueMicrotask',
        'Date',
        'performance',
        'hrtime',
      ],
    });
    try {
      faulty.fault = { collection: 'clients', method: 'insertOne', delayMs: 400 };
      const importing = importAda(file.xml).then((r) => r.body);
      await new Promise((r) => setTimeout(r, 150));
      const locks = h.docs.collection<{ _id: string; at: string; token: string }>('transferImportLocks');
      await lapseLock(h.docs, ADA);
      const store = new WorkflowStore(h.docs);
      jest.advanceTimersByTime(IMPORT_LOCK_RENEW_MS);
      await new Promise((r) => setTimeout(r, 50));
      expect(Date.parse((await locks.findOne({ _id: ADA }))?.at as string)).toBeGreaterThanOrEqual(
        NOW.getTime(),
      );
      // Renewed, it is not taken over: another import waits its turn.
      expect(await store.lockPerson(ADA, NOW)).toBeNull();
      const imported = await importing;
      expect(imported.errors).toBeUndefined();
      expect(await locks.findOne({ _id: ADA })).toBeNull();
      expect(await transferStatus(file.transferId)).toBe('IMPORTED');
      await putAdaBack(
        file.transferId,
        (imported.data?.importTransferredRecord as { clientId: string }).clientId,
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps what the sending borough wrote after an import died between archiving and removing its record', async () => {
    const file = await exportAda();
    faulty.fault = {
      collection: 'transferredOutRecords',
      method: 'insertOne',
      afterApply: true,
      goesDown: true,
    };
    expect((await importAda(file.xml)).body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    faulty.down = false;
    // The record is still Hammersmith & Fulham's, and its social worker writes to it.
    const late = {
      _id: 'HF000001-LATE',
      id: 'HF000001-LATE',
      clientId: 'HF000001',
      nhsNumber: ADA,
      writtenAt: '2026-11-22T10:30:00.000Z',
      author: 'Asha Patel',
      text: 'Phoned daughter: moving to Kensington next week.',
    };
    await h.docs.collection('caseNotes').insertOne(late);
    await lapseLock(h.docs, ADA);
    const { body } = await importAda(file.xml);
    expect(body.errors).toBeUndefined();
    const kc = (body.data?.importTransferredRecord as { clientId: string }).clientId;
    // The note was not wiped by undoing the dead import: it is in the record the transfer archived.
    const archived = await new WorkflowStore(h.docs).archiveFor(file.transferId, kc);
    expect(archived?.caseNotes.map((n) => n.id)).toContain(late.id);
    await putAdaBack(file.transferId, kc);
    await h.docs.collection('caseNotes').deleteMany({ _id: late._id });
  });

  it('tells the person index of an import that died once marked imported, when the person is next imported', async () => {
    const file = await exportAda();
    faulty.fault = {
      ...MARKING_IMPORTED,
      afterApply: true,
      goesDown: true,
    };
    registered.length = 0;
    expect((await importAda(file.xml)).body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    faulty.down = false;
    // Imported, but the index still says Hammersmith & Fulham: nobody in Kensington could open it.
    expect(registered).toEqual([]);
    expect(await h.docs.collection('recordTransfers').findOne({ _id: file.transferId })).toMatchObject({
      status: 'IMPORTED',
      indexPending: true,
    });
    await lapseLock(h.docs, ADA);
    const again = await importAda(file.xml);
    // The next import of the person finishes it first; the file itself is then already in.
    expect(again.body.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringMatching(/already holds/),
    });
    expect(registered.map((r) => r[0].borough)).toEqual([KC]);
    expect(await h.docs.collection('recordTransfers').findOne({ _id: file.transferId })).toMatchObject({
      status: 'IMPORTED',
      indexPending: false,
    });
    const kc = (await state()).clients[0];
    expect(kc.borough).toBe(KC);
    await putAdaBack(file.transferId, kc.clientId);
  });

  it('leaves one record when an import stalls past its lock, another takes over, and the stalled write lands', async () => {
    const file = await exportAda();
    const before = await state();
    // The first attempt's removal of the sender's record stalls for 1.5 s, then goes through.
    const { importing: first } = await stalledImport(file.xml, {
      collection: 'caseNotes',
      method: 'deleteMany',
      delayMs: 1500,
    });
    const second = await importAda(file.xml);
    expect(second.body.errors).toBeUndefined();
    const stalled = await first;
    expect(stalled.errors?.[0].message).toMatch(/took too long/);
    const after = await state();
    expect(after.clients.map((c) => [c.borough, c.clientId])).toEqual([
      [KC, (second.body.data?.importTransferredRecord as { clientId: string }).clientId],
    ]);
    expect(after.archive).toBe(before.archive + 1);
    // The archive is the sender's whole record, case notes included.
    const archived = await new WorkflowStore(h.docs).archiveFor(file.transferId, after.clients[0].clientId);
    expect(archived?.caseNotes.map((n) => n.id).sort()).toEqual(before.caseNotes);
    await putAdaBack(file.transferId, after.clients[0].clientId);
    expect(await state()).toEqual(before);
  });

  it('leaves an import that lost its lock after marking it imported for the next holder to finish', async () => {
    const file = await exportAda();
    registered.length = 0;
    // Every call to the index fails (after linking); meanwhile the lock lapses and is taken over.
    failRegistrations = 3;
    const importing = importAda(file.xml).then((r) => r.body);
    await new Promise((r) => setTimeout(r, 100));
    await lapseLock(h.docs, ADA);
    const store = new WorkflowStore(h.docs);
    const taken = await store.lockPerson(ADA, NOW);
    expect(taken).not.toBeNull();
    const stopped = await importing;
    failRegistrations = 0;
    expect(stopped.errors?.[0].message).toMatch(/took too long/);
    // Marked imported, the record was no longer this import's to take away.
    const left = await state();
    expect(left.clients.map((c) => c.borough)).toEqual([KC]);
    await store.unlockPerson(ADA, taken as string);
    const again = await importAda(file.xml);
    expect(again.body.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(registered.at(-1)?.[0]).toMatchObject({ borough: KC, localId: left.clients[0].clientId });
    expect(await h.docs.collection('recordTransfers').findOne({ _id: file.transferId })).toMatchObject({
      status: 'IMPORTED',
      indexPending: false,
    });
    await putAdaBack(file.transferId, left.clients[0].clientId);
  });

  it('stops an undo that stalled past its lock, leaving the import that took over intact', async () => {
    const file = await exportAda();
    const before = await state();
    // The index will not match the first attempt, whose undo then stalls removing its new record.
    hold = true;
    faulty.fault = {
      collection: 'caseNotes',
      method: 'deleteMany',
      when: (args) => String((args[0] as { clientId?: string }).clientId).startsWith('ELSID-'),
      delayMs: 1500,
    };
    const first = importAda(file.xml).then((r) => r.body);
    await new Promise((r) => setTimeout(r, 150));
    hold = false;
    await lapseLock(h.docs, ADA);
    const second = await importAda(file.xml);
    expect(second.body.errors).toBeUndefined();
    expect((await first).errors?.[0].message).toMatch(/took too long/);
    const after = await state();
    const kc = (second.body.data?.importTransferredRecord as { clientId: string }).clientId;
    expect(after.clients.map((c) => [c.borough, c.clientId])).toEqual([[KC, kc]]);
    // The archive of the import that went through is whole, and the index stays with it.
    const archived = await new WorkflowStore(h.docs).archiveFor(file.transferId, kc);
    expect(archived?.caseNotes.map((n) => n.id).sort()).toEqual(before.caseNotes);
    expect(registered.at(-1)?.[0]).toMatchObject({ borough: KC, localId: kc });
    await putAdaBack(file.transferId, kc);
    expect(await state()).toEqual(before);
  });

  it('stops an import whose lock was taken over, leaving its steps to the new holder to undo', async () => {
    const file = await exportAda();
    const before = await state();
    // The import stalled past the lock's lifetime, and another took the lock over as stale.
    const { importing } = await stalledImport(file.xml, {
      collection: 'clients',
      method: 'insertOne',
      delayMs: 300,
    });
    const store = new WorkflowStore(h.docs);
    const taken = await store.lockPerson(ADA, NOW);
    expect(taken).not.toBeNull();
    registered.length = 0;
    const stopped = await importing;
    expect(stopped.errors?.[0]).toMatchObject({
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
      message: expect.stringMatching(/took too long/),
    });
    // It told the person index nothing, and took its own new record away; the rest is the holder's.
    expect(registered).toEqual([]);
    expect((await state()).clients).toEqual([]);
    expect(await transferStatus(file.transferId)).toBe('IMPORTING');
    await store.unlockPerson(ADA, taken as string);

    const { body } = await importAda(file.xml);
    expect(body.errors).toBeUndefined();
    const after = await state();
    expect(after.clients).toHaveLength(1);
    expect(after.archive).toBe(before.archive + 1);
    await putAdaBack(file.transferId, after.clients[0].clientId);
    expect(await state()).toEqual(before);
  });

  it('imports whole when nothing fails, archiving the sending borough’s record', async () => {
    const file = await exportAda();
    const { body } = await importAda(file.xml);
    expect(body.errors).toBeUndefined();
    const after = await state();
    expect(after.clients).toHaveLength(1);
    expect(after.clients[0]).toMatchObject({
      borough: KC,
      caseStatus: 'AWAITING_ALLOCATION',
      allocatedWorker: null,
    });
    expect(after.assessments.every((id) => id.startsWith('ELSID-'))).toBe(true);
    expect(after.archive).toBe(1);
    expect(await transferStatus(file.transferId)).toBe('IMPORTED');
  });
});

describe('a record from a borough outside the service waits for an IG admin', () => {
  let h: Harness;
  let faulty: FaultyStore;
  const registered: PersonRegistration[][] = [];
  let n = 20;
  let mismatch = false;
  let failNext = 0;
  const unlinked: Unlinking[] = [];

  beforeAll(async () => {
    h = await startHarness((docs) => (faulty = new FaultyStore(docs)));
    h.gw.governance.policies.set(1, POLICY);
    Object.assign(h.gw.governance, {
      registerPeople: async (entries: PersonRegistration[]) => {
        registered.push(entries);
        if (mismatch)
          return { linked: [], held: entries.map((e) => ({ localId: e.localId, reason: 'disagree' })) };
        for (const e of entries)
          h.gw.governance.setFacts({ nhsNumber: e.nhsNumber as string, borough: e.borough });
        if (failNext > 0) {
          // Linked, but the answer was lost: the call timed out after the gateway wrote.
          failNext -= 1;
          throw new Error('governance /internal/person-index timed out');
        }
        return { linked: entries.map((e) => e.nhsNumber), held: [] };
      },
      unlinkPerson: async (entry: Unlinking) => {
        unlinked.push(entry);
        h.gw.governance.setFacts({ nhsNumber: entry.nhsNumber, borough: null });
        return { unlinked: true };
      },
    });
  });
  afterAll(() => h.stop());

  /** A file sent to Kensington & Chelsea from outside, about someone social care here has never held. */
  const inbound = async () => {
    const { body } = await h.gw.call(h.http.url, 'social-care', HF_SW, EXPORT, { n: ADA, to: KC });
    const xml = (body.data?.exportRecordForTransfer as { xml: string }).xml;
    const person = nhs((n += 1));
    const id = randomUUID();
    const file = xml
      .replace(/<SendingBorough code="[^"]*"/, `<SendingBorough code="${OUTSIDE}"`)
      .replace(/<TransferId>[^<]*</, `<TransferId>${id}<`)
      .replace(/<NhsNumber>[^<]*</, `<NhsNumber>${person}<`);
    return { person, file, id };
  };
  const call = (who: typeof KC_SW | typeof IG | typeof HF_SW, q: string, v: Record<string, unknown>) =>
    h.gw.call(h.http.url, 'social-care', who, q, v).then((r) => r.body);
  const code = (b: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    b.errors?.[0]?.extensions?.code;
  const held = async (person: string) => ({
    clients: await h.docs.collection('clients').count({ nhsNumber: person }),
    caseNotes: await h.docs.collection('caseNotes').count({ nhsNumber: person }),
  });
  const transfer = (id: string) =>
    h.docs
      .collection<{ _id: string; status: string; held?: { xml: string | null } }>('recordTransfers')
      .findOne({ _id: id });

  it('holds the file with nothing imported and nobody given a relationship, listed for its borough and IG', async () => {
    const { person, file, id } = await inbound();
    registered.length = 0;
    const r = await call(KC_SW, IMPORT, { n: person, xml: file });
    expect(r.errors).toBeUndefined();
    expect(r.data?.importTransferredRecord).toEqual({
      transferId: id,
      status: 'AWAITING_APPROVAL',
      clientId: null,
      toBorough: KC,
    });
    expect(await held(person)).toEqual({ clients: 0, caseNotes: 0 });
    expect(registered).toEqual([]);

    const forIg = (await call(IG, EXTERNAL, {})).data?.externalTransfers as { transferId: string }[];
    expect(forIg).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          transferId: id,
          nhsNumber: person,
          fromBorough: OUTSIDE,
          toBorough: KC,
          status: 'AWAITING_APPROVAL',
          submittedBy: 'Test social_worker',
          clientId: null,
        }),
      ]),
    );
    const forKc = (await call(KC_SW, EXTERNAL, {})).data?.externalTransfers as { transferId: string }[];
    expect(forKc.map((t) => t.transferId)).toContain(id);
    const forHf = (await call(HF_SW, EXTERNAL, {})).data?.externalTransfers as { transferId: string }[];
    expect(forHf.map((t) => t.transferId)).not.toContain(id);
    // The same file again is the same transfer.
    expect(code(await call(KC_SW, IMPORT, { n: person, xml: file }))).toBe('CONFLICT');
  });

  it('imports on an IG admin’s approval, for the submitting borough, and discards the file', async () => {
    const { person, file, id } = await inbound();
    await call(KC_SW, IMPORT, { n: person, xml: file });
    // A social worker cannot approve their own borough's file.
    expect(code(await call(KC_SW, APPROVE, { id }))).toBe('FORBIDDEN');
    expect(await held(person)).toEqual({ clients: 0, caseNotes: 0 });
    registered.length = 0;

    const r = await call(IG, APPROVE, { id });
    expect(r.errors).toBeUndefined();
    const receipt = r.data?.approveExternalTransfer as Record<string, string>;
    expect(receipt).toMatchObject({
      transferId: id,
      status: 'IMPORTED',
      toBorough: KC,
      importedBy: 'Test social_worker',
      approvedBy: 'Test ig_admin',
    });
    expect(receipt.clientId).toMatch(/^ELSID-/);
    const client = await h.docs
      .collection<{ _id: string; borough: string; provenance: Record<string, string> }>('clients')
      .findOne({ nhsNumber: person });
    expect(client).toMatchObject({
      borough: KC,
      provenance: { fromBorough: OUTSIDE, approvedBy: 'Test ig_admin' },
    });
    expect((await held(person)).caseNotes).toBeGreaterThan(0);
    expect(registered).toEqual([[expect.objectContaining({ nhsNumber: person, borough: KC })]]);
    expect(await transfer(id)).toMatchObject({ status: 'IMPORTED', held: { xml: null } });
    expect(code(await call(IG, APPROVE, { id }))).toBe('CONFLICT');
  });

  it('refuses on an IG admin’s word with a reason, importing nothing; the decision is final', async () => {
    const { person, file, id } = await inbound();
    await call(KC_SW, IMPORT, { n: person, xml: file });
    expect(code(await call(IG, REFUSE, { id, r: ' \u200b ' }))).toBe('BAD_USER_INPUT');
    expect(await transfer(id)).toMatchObject({ status: 'AWAITING_APPROVAL' });
    const r = await call(IG, REFUSE, { id, r: 'The sending borough has no record of this transfer' });
    expect(r.data?.refuseExternalTransfer).toEqual({
      transferId: id,
      status: 'REFUSED',
      decidedBy: 'Test ig_admin',
      refusalReason: 'The sending borough has no record of this transfer',
    });
    expect(await held(person)).toEqual({ clients: 0, caseNotes: 0 });
    expect(await transfer(id)).toMatchObject({ status: 'REFUSED', held: { xml: null } });
    expect(code(await call(IG, APPROVE, { id }))).toBe('CONFLICT');
    expect(code(await call(IG, REFUSE, { id, r: 'again' }))).toBe('CONFLICT');
    const refused = (await call(KC_SW, EXTERNAL, { s: 'REFUSED' })).data?.externalTransfers as {
      transferId: string;
      refusalReason: string;
    }[];
    expect(refused.find((t) => t.transferId === id)?.refusalReason).toMatch(/no record of this transfer/);
    expect(code(await call(IG, APPROVE, { id: 'no-such-transfer' }))).toBe('NOT_FOUND');
  });

  it('names the person in the access report of a decision, whatever the caller selects', async () => {
    for (const [mutation, vars] of [
      ['approveExternalTransfer(transferId: $id) { __typename }', {}],
      ['refuseExternalTransfer(transferId: $id, reason: "Not sent by them") { __typename }', {}],
    ] as const) {
      const { person, file, id } = await inbound();
      await call(KC_SW, IMPORT, { n: person, xml: file });
      const q = `mutation($id: ID!) { ${mutation} }`;
      const r = await call(IG, q, { id, ...vars });
      expect(r.errors).toBeUndefined();
      const report = r.extensions?.careAccess as { persons: (string | null)[]; allowed: string[] }[];
      expect(
        report.some((g) => g.persons.includes(person) && g.allowed.some((f) => f.startsWith('Mutation.'))),
      ).toBe(true);
    }
  });

  it('keeps the file awaiting approval, and out of the matching queue, when the index disagrees with it', async () => {
    const { person, file, id } = await inbound();
    await call(KC_SW, IMPORT, { n: person, xml: file });
    mismatch = true;
    try {
      const r = await call(IG, APPROVE, { id });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'transferId' });
    } finally {
      mismatch = false;
    }
    expect(await held(person)).toEqual({ clients: 0, caseNotes: 0 });
    expect(await transfer(id)).toMatchObject({ status: 'AWAITING_APPROVAL', held: { xml: file } });
  });

  it('imports one of two files about one person approved at once; the other is refused as under way', async () => {
    const a = await inbound();
    const b = await inbound();
    const second = b.file.replace(/<NhsNumber>[^<]*</, `<NhsNumber>${a.person}<`);
    await call(KC_SW, IMPORT, { n: a.person, xml: a.file });
    await call({ ...KC_SW, sub: 'sw.kc2' }, IMPORT, { n: a.person, xml: second });
    // The first approval is held half way through writing the record.
    faulty.fault = { collection: 'clients', method: 'insertOne', delayMs: 300 };
    const [first, other] = await Promise.all([
      call(IG, APPROVE, { id: a.id }),
      new Promise((r) => setTimeout(r, 100)).then(() =>
        call({ ...IG, sub: 'ig.two' }, APPROVE, { id: b.id }),
      ),
    ]);
    expect(first.errors).toBeUndefined();
    expect(other.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringMatching(/under way/),
    });
    expect((await held(a.person)).clients).toBe(1);
    expect(await transfer(b.id)).toMatchObject({ status: 'AWAITING_APPROVAL' });
    // Afterwards the lock is gone: the second file can be decided (refused: the person is held now).
    expect(code(await call(IG, APPROVE, { id: b.id }))).toBe('CONFLICT');
    expect((await call(IG, REFUSE, { id: b.id, r: 'Duplicate' })).errors).toBeUndefined();
  });

  it('puts the file back awaiting approval when marking it imported landed but reported failure', async () => {
    const { person, file, id } = await inbound();
    await call(KC_SW, IMPORT, { n: person, xml: file });
    faulty.fault = {
      ...MARKING_IMPORTED,
      afterApply: true,
    };
    expect(code(await call(IG, APPROVE, { id }))).toBe('INTERNAL_SERVER_ERROR');
    expect(await held(person)).toEqual({ clients: 0, caseNotes: 0 });
    expect(await transfer(id)).toMatchObject({ status: 'AWAITING_APPROVAL', held: { xml: file } });
  });

  it('completes an approval when telling the person index fails once, rather than leave a link undone', async () => {
    const { person, file, id } = await inbound();
    await call(KC_SW, IMPORT, { n: person, xml: file });
    registered.length = 0;
    failNext = 1;
    const r = await call(IG, APPROVE, { id });
    expect(r.errors).toBeUndefined();
    expect(registered).toHaveLength(2);
    expect((await held(person)).clients).toBe(1);
    expect(await transfer(id)).toMatchObject({ status: 'IMPORTED' });
  });

  it('lists an approval that died once marked imported as importing, and finishes it when decided again', async () => {
    const { person, file, id } = await inbound();
    await call(KC_SW, IMPORT, { n: person, xml: file });
    faulty.fault = {
      ...MARKING_IMPORTED,
      afterApply: true,
      goesDown: true,
    };
    registered.length = 0;
    expect(code(await call(IG, APPROVE, { id }))).toBe('INTERNAL_SERVER_ERROR');
    faulty.down = false;
    expect(registered).toEqual([]);
    const listed = (await call(IG, EXTERNAL, {})).data?.externalTransfers as {
      transferId: string;
      status: string;
      clientId: string | null;
    }[];
    expect(listed.find((t) => t.transferId === id)).toMatchObject({ status: 'IMPORTING', clientId: null });
    await lapseLock(h.docs, person);
    // Deciding it again finishes it: the index is told, and the file then goes.
    const again = await call(IG, APPROVE, { id });
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(registered.map((r) => r[0].nhsNumber)).toEqual([person]);
    expect(await transfer(id)).toMatchObject({
      status: 'IMPORTED',
      indexPending: false,
      held: { xml: null },
    });
    expect((await held(person)).clients).toBe(1);
    const imported = (await call(IG, EXTERNAL, { s: 'IMPORTED' })).data?.externalTransfers as {
      transferId: string;
    }[];
    expect(imported.map((t) => t.transferId)).toContain(id);
  });

  it('takes back the link the index may have made when telling it keeps failing, for someone new to social care', async () => {
    const { person, file, id } = await inbound();
    await call(KC_SW, IMPORT, { n: person, xml: file });
    unlinked.length = 0;
    failNext = 3;
    try {
      expect(code(await call(IG, APPROVE, { id }))).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      failNext = 0;
    }
    expect(await held(person)).toEqual({ clients: 0, caseNotes: 0 });
    expect(await transfer(id)).toMatchObject({ status: 'AWAITING_APPROVAL', held: { xml: file } });
    // Each failed call may have linked the record: the borough is left with no relationship.
    expect(unlinked).toEqual([{ nhsNumber: person, localId: expect.stringMatching(/^ELSID-/), borough: KC }]);
    expect(h.gw.governance.people.get(person)?.borough).toBeNull();
  });

  it('lists an approval that died half way as importing; deciding it again undoes what it left first', async () => {
    const { person, file, id } = await inbound();
    await call(KC_SW, IMPORT, { n: person, xml: file });
    // The store goes away once the new record is written, the lock's release included.
    faulty.fault = { collection: 'clients', method: 'insertOne', afterApply: true, goesDown: true };
    expect(code(await call(IG, APPROVE, { id }))).toBe('INTERNAL_SERVER_ERROR');
    faulty.down = false;
    expect(await held(person)).toMatchObject({ clients: 1 });
    const listed = (await call(IG, EXTERNAL, {})).data?.externalTransfers as {
      transferId: string;
      status: string;
      clientId: string | null;
    }[];
    expect(listed.find((t) => t.transferId === id)).toMatchObject({ status: 'IMPORTING', clientId: null });
    expect(code(await call({ ...IG, sub: 'ig.two' }, REFUSE, { id, r: 'Too soon' }))).toBe('CONFLICT');

    await lapseLock(h.docs, person);
    const refused = await call({ ...IG, sub: 'ig.two' }, REFUSE, { id, r: 'Sender cannot confirm it' });
    expect(refused.errors).toBeUndefined();
    expect(refused.data?.refuseExternalTransfer).toMatchObject({ status: 'REFUSED' });
    // The record the stopped approval wrote is gone with it.
    expect(await held(person)).toEqual({ clients: 0, caseNotes: 0 });
    expect(await transfer(id)).toMatchObject({ status: 'REFUSED', held: { xml: null } });
  });

  it('counts the files awaiting a decision: every borough’s for an IG admin, their own borough’s for others', async () => {
    const WAITING = `query { _entities(representations: [{ __typename: "WorkWaiting", user: "someone.else" }]) {
      ... on WorkWaiting { user externalTransfersAwaiting } } }`;
    const count = async (who: typeof KC_SW | typeof IG | typeof HF_SW) => {
      const r = await call(who, WAITING, {});
      expect(r.errors).toBeUndefined();
      return (r.data?._entities as { user: string; externalTransfersAwaiting: number }[])[0];
    };
    const before = { ig: await count(IG), kc: await count(KC_SW), hf: await count(HF_SW) };
    // Whatever user the representation names, the count is the caller's.
    expect(before.kc.user).toBe(KC_SW.sub);
    const { person, file, id } = await inbound();
    await call(KC_SW, IMPORT, { n: person, xml: file });
    expect((await count(IG)).externalTransfersAwaiting).toBe(before.ig.externalTransfersAwaiting + 1);
    expect((await count(KC_SW)).externalTransfersAwaiting).toBe(before.kc.externalTransfersAwaiting + 1);
    expect((await count(HF_SW)).externalTransfersAwaiting).toBe(before.hf.externalTransfersAwaiting);
    await call(IG, REFUSE, { id, r: 'Not confirmed' });
    expect((await count(IG)).externalTransfersAwaiting).toBe(before.ig.externalTransfersAwaiting);
  });

  it('lists nothing for files from outside imported before they were held for approval', async () => {
    await h.docs.collection<TransferDoc>('recordTransfers').insertOne({
      _id: 'legacy-external',
      id: 'legacy-external',
      nhsNumber: nhs(90),
      fromBorough: OUTSIDE,
      toBorough: KC,
      fromClientId: null,
      status: 'IMPORTED',
      exportedAt: '2026-01-01T00:00:00.000Z',
      exportedBy: 'Someone',
      digest: null,
      external: true,
      importedAt: '2026-01-02T00:00:00.000Z',
      importedBy: 'Test social_worker',
      newClientId: 'ELSID-OLD',
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
    const r = await call(IG, EXTERNAL, { s: 'IMPORTED' });
    expect(r.errors).toBeUndefined();
    expect((r.data?.externalTransfers as { transferId: string }[]).map((t) => t.transferId)).not.toContain(
      'legacy-external',
    );
  });

  it('leaves the file awaiting approval when the approved import fails, and refuses approval once the person is held here', async () => {
    const { person, file, id } = await inbound();
    await call(KC_SW, IMPORT, { n: person, xml: file });
    faulty.fault = { collection: 'clients', method: 'insertOne' };
    const failed = await call(IG, APPROVE, { id });
    expect(code(failed)).toBe('INTERNAL_SERVER_ERROR');
    expect(await held(person)).toEqual({ clients: 0, caseNotes: 0 });
    expect(await transfer(id)).toMatchObject({ status: 'AWAITING_APPROVAL', held: { xml: file } });

    // Meanwhile another file about the same person is approved: this one can only be refused now.
    const second = await inbound();
    const again = second.file
      .replace(/<NhsNumber>[^<]*</, `<NhsNumber>${person}<`)
      .replace(/<TransferId>[^<]*</, `<TransferId>${second.id}<`);
    await call(KC_SW, IMPORT, { n: person, xml: again });
    expect((await call(IG, APPROVE, { id: second.id })).errors).toBeUndefined();
    expect(code(await call(IG, APPROVE, { id }))).toBe('CONFLICT');
    expect(await held(person)).toMatchObject({ clients: 1 });
  });
});
