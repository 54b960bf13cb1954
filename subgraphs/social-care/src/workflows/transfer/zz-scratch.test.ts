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

describe('scratch', () => {
  let h: Harness;
  let faulty: FaultyStore;
  const registered: PersonRegistration[][] = [];
  const unlinked: Unlinking[] = [];
  let onRegister: ((entries: PersonRegistration[], n: number) => Promise<'fail' | 'ok' | 'mismatch'>) | null = null;
  let calls = 0;
  beforeAll(async () => {
    h = await startHarness((docs) => (faulty = new FaultyStore(docs)));
    h.gw.governance.policies.set(1, POLICY);
    Object.assign(h.gw.governance, {
      registerPeople: async (entries: PersonRegistration[]) => {
        registered.push(entries);
        const what = onRegister ? await onRegister(entries, ++calls) : 'ok';
        if (what === 'mismatch') return { linked: [], held: entries.map((e) => ({ localId: e.localId, reason: 'x' })) };
        for (const e of entries) h.gw.governance.setFacts({ nhsNumber: e.nhsNumber as string, borough: e.borough });
        if (what === 'fail') throw new Error('index 503 after linking');
        return { linked: entries.map((e) => e.nhsNumber), held: [] };
      },
      unlinkPerson: async (entry: Unlinking) => {
        unlinked.push(entry);
        return { unlinked: false };
      },
    });
  });
  afterAll(() => h.stop());
  const stale = (nhsNo: string) =>
    h.docs.collection('transferImportLocks')
      .updateOne({ _id: nhsNo }, { $set: { at: new Date(NOW.getTime() - 6 * 60_000).toISOString() } });
  const call = (who: object, q: string, v: Record<string, unknown>) =>
    h.gw.call(h.http.url, 'social-care', who as typeof KC_SW, q, v).then((r) => r.body);
  const transfer = (id: string) => h.docs.collection<TransferDoc>('recordTransfers').findOne({ _id: id });
  let n = 50;

  it('S2-external: approval that loses its lock after marking removes the completed record; file gone', async () => {
    const { body } = await h.gw.call(h.http.url, 'social-care', HF_SW, EXPORT, { n: ADA, to: KC });
    const xml = (body.data?.exportRecordForTransfer as { xml: string }).xml;
    const person = nhs((n += 1));
    const id = randomUUID();
    const file = xml
      .replace(/<SendingBorough code="[^"]*"/, `<SendingBorough code="${OUTSIDE}"`)
      .replace(/<TransferId>[^<]*</, `<TransferId>${id}<`)
      .replace(/<NhsNumber>[^<]*</, `<NhsNumber>${person}<`);
    await call(KC_SW, IMPORT, { n: person, xml: file });
    let b: unknown;
    calls = 0;
    onRegister = async (_e, k) => {
      if (k === 1) {
        // A's call hangs past its lock; B (the submitter re-sending) takes the lock and finishes A's import.
        await stale(person);
        b = await call(KC_SW, IMPORT, { n: person, xml: file });
        return 'fail';
      }
      return k === 2 ? 'ok' : 'fail';
    };
    const a = await call(IG, APPROVE, { id });
    onRegister = null;
    console.log('A:', JSON.stringify(a.errors?.[0]?.message), 'B:', JSON.stringify((b as any)?.errors?.[0]?.message));
    const t = await transfer(id);
    console.log('transfer', t?.status, t?.indexPending, 'held.xml null?', t?.held?.xml === null, 'newClientId', t?.newClientId);
    console.log('clients for person:', await h.docs.collection('clients').count({ nhsNumber: person }),
      'facts borough:', h.gw.governance.people.get(person)?.borough);
  });

  it('S2-internal: import losing its lock in the index call after marking: sender removed, new record removed, stuck', async () => {
    const { body } = await h.gw.call(h.http.url, 'social-care', HF_SW, EXPORT, { n: ADA, to: KC });
    const f = body.data?.exportRecordForTransfer as { transferId: string; xml: string };
    calls = 0;
    onRegister = async (_e, k) => {
      if (k === 1) {
        await stale(ADA);
        expect(await new WorkflowStore(h.docs).lockPerson(ADA, NOW)).not.toBeNull(); // another holder
        await stale(ADA); // ...which then dies too
      }
      return 'fail';
    };
    const a = await call(KC_SW, IMPORT, { n: ADA, xml: f.xml });
    onRegister = null;
    console.log('A:', a.errors?.[0]?.message);
    const again = await call(KC_SW, IMPORT, { n: ADA, xml: f.xml });
    console.log('retry:', again.errors?.[0]?.message);
    const t = await transfer(f.transferId);
    console.log('transfer', t?.status, t?.indexPending, 'clients', await h.docs.collection('clients').count({ nhsNumber: ADA }),
      'archive', !!(await new WorkflowStore(h.docs).archiveFor(f.transferId)));
    // put Ada back for the next test
    const store = new WorkflowStore(h.docs);
    const arch = await store.archiveFor(f.transferId);
    if (arch) { const { client, assessments, services, caseNotes } = arch; await store.insertRecord({ client, assessments, services, caseNotes }); await store.deleteArchive(f.transferId); }
    await h.docs.collection('recordTransfers').updateOne({ _id: f.transferId }, { $set: { indexPending: false } });
  });

  it('S3: an undo that stalls past its lock deletes the archive of the import that took over (and restores the sender)', async () => {
    const { body } = await h.gw.call(h.http.url, 'social-care', HF_SW, EXPORT, { n: ADA, to: KC });
    const f = body.data?.exportRecordForTransfer as { transferId: string; xml: string };
    calls = 0;
    onRegister = async (_e, k) => (k === 1 ? 'mismatch' : 'ok');
    // A's undo: restoring the sender's assessments stalls 1.5 s.
    faulty.fault = {
      collection: 'assessments', method: 'insertMany', delayMs: 1500,
      when: (args) => (args[0] as { clientId: string }[])[0]?.clientId === 'HF000001',
    };
    const first = call(KC_SW, IMPORT, { n: ADA, xml: f.xml });
    await new Promise((r) => setTimeout(r, 300));
    await stale(ADA);
    const second = await call(KC_SW, IMPORT, { n: ADA, xml: f.xml });
    console.log('B:', JSON.stringify(second.errors?.[0]?.message ?? second.data));
    const a = await first;
    console.log('A:', a.errors?.[0]?.message);
    const t = await transfer(f.transferId);
    const clients = await h.docs.collection<{ clientId: string; borough: string }>('clients').find({ nhsNumber: ADA });
    console.log('transfer', t?.status, 'clients', clients.map((c) => `${c.clientId}/${c.borough}`),
      'archive', !!(await new WorkflowStore(h.docs).archiveFor(f.transferId)), 'facts', h.gw.governance.people.get(ADA)?.borough,
      'last registration', registered.at(-1)?.[0].localId);
  });
  it('S3b: undo stalled in removing its own record deletes the archive of the import that took over', async () => {
    const store = new WorkflowStore(h.docs);
    // tidy from S3: one HF record only
    for (const c of await h.docs.collection<{ clientId: string; borough: string }>('clients').find({ nhsNumber: ADA }))
      if (c.borough === KC) await store.removeRecord(c.clientId);
    await h.docs.collection('transferredOutRecords').deleteMany({});
    const { body } = await h.gw.call(h.http.url, 'social-care', HF_SW, EXPORT, { n: ADA, to: KC });
    const f = body.data?.exportRecordForTransfer as { transferId: string; xml: string };
    calls = 0;
    onRegister = async (_e, k) => (k === 1 ? 'mismatch' : 'ok');
    faulty.fault = {
      collection: 'caseNotes', method: 'deleteMany', delayMs: 1500,
      when: (args) => String((args[0] as { clientId?: string }).clientId).startsWith('ELSID-'),
    };
    const first = call(KC_SW, IMPORT, { n: ADA, xml: f.xml });
    await new Promise((r) => setTimeout(r, 300));
    await stale(ADA);
    const second = await call(KC_SW, IMPORT, { n: ADA, xml: f.xml });
    console.log('B:', JSON.stringify(second.errors?.[0]?.message ?? second.data));
    const a = await first;
    console.log('A:', a.errors?.[0]?.message);
    const t = await transfer(f.transferId);
    const clients = await h.docs.collection<{ clientId: string; borough: string }>('clients').find({ nhsNumber: ADA });
    console.log('S3b transfer', t?.status, 'clients', clients.map((c) => `${c.clientId}/${c.borough}`),
      'archive', !!(await store.archiveFor(f.transferId)), 'unlinked', JSON.stringify(unlinked));
  });
});
