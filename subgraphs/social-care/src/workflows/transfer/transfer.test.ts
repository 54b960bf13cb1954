import type { Collection, Doc, DocStore, NedbStore, PersonRegistration, PolicyDocument } from '@care/common';
import { grantAll } from '@care/common/src/testing';
import { SOCIAL_CARE_POLICY } from '../../seeded-policy';
import { ADA, HF, KC, startHarness, type Harness } from '../../testing/fixtures';

const EXPORT = `mutation($n: NhsNumber!, $to: String!) { exportRecordForTransfer(input: { nhsNumber: $n, toBorough: $to }) { transferId xml } }`;
const IMPORT = `mutation($n: NhsNumber!, $xml: String!) { importTransferredRecord(input: { nhsNumber: $n, xml: $xml }) { transferId clientId toBorough } }`;

const HF_SW = { role: 'social_worker' as const, org: HF, sub: 'sw.patel' };
const KC_SW = { role: 'social_worker' as const, org: KC, sub: 'sw.kc' };

type Fault = {
  collection: string;
  method: 'insertMany' | 'insertOne' | 'updateOne';
  when?: (args: unknown[]) => boolean;
};

/** Fails one store call the test names: a disk full or a lost primary half way through an import. */
class FaultyStore implements DocStore {
  readonly kind = 'nedb' as const;
  fault: Fault | null = null;
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
          const f = this.fault;
          if (f && f.collection === name && f.method === prop && (!f.when || f.when(args))) {
            this.fault = null;
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
        'TransferReceipt.clientId',
        'TransferReceipt.toBorough',
      ],
      ['social_worker'],
      'any',
    ).fields,
  },
};

describe('record transfer import is all or nothing', () => {
  let h: Harness;
  let faulty: FaultyStore;
  const registered: PersonRegistration[][] = [];
  let hold = false;

  beforeAll(async () => {
    h = await startHarness((docs) => (faulty = new FaultyStore(docs)));
    h.gw.governance.policies.set(1, POLICY);
    Object.assign(h.gw.governance, {
      registerPeople: async (entries: PersonRegistration[]) => {
        registered.push(entries);
        if (hold)
          return {
            linked: [],
            held: entries.map((e) => ({ localId: e.localId, reason: 'demographics disagree' })),
          };
        for (const e of entries)
          h.gw.governance.setFacts({ nhsNumber: e.nhsNumber as string, borough: e.borough });
        return { linked: entries.map((e) => e.nhsNumber), held: [] };
      },
    });
  });
  afterAll(() => h.stop());

  const state = async () => ({
    clients: await h.docs.collection('clients').find({ nhsNumber: ADA }),
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
  const transferStatus = async (id: string) =>
    (await h.docs.collection<{ _id: string; status: string }>('recordTransfers').findOne({ _id: id }))
      ?.status;

  it.each<[string, Fault]>([
    ['writing the sections', { collection: 'caseNotes', method: 'insertMany' }],
    ['writing the client', { collection: 'clients', method: 'insertOne' }],
    [
      'finishing the transfer after the person index moved',
      {
        collection: 'recordTransfers',
        method: 'updateOne',
        when: (args) => (args[1] as { $set?: { status?: string } }).$set?.status === 'IMPORTED',
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
    // If the person index had moved, it is moved back.
    if (fault.collection === 'recordTransfers') {
      expect(registered.map((r) => r[0].borough)).toEqual([KC, HF]);
      expect(registered[1][0].localId).toBe('HF000001');
    } else expect(registered).toEqual([]);
    h.gw.governance.setFacts({ nhsNumber: ADA, borough: HF, gpPractice: 'E85001' });
  });

  it('undoes the import when the person index will not match the person, listing the problem', async () => {
    const file = await exportAda();
    const before = await state();
    hold = true;
    try {
      const { body } = await importAda(file.xml);
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.xml' });
      expect(JSON.stringify(body.errors?.[0].extensions?.problems)).toMatch(/held for an administrator/);
    } finally {
      hold = false;
    }
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
