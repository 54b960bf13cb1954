/**
 * The embedded store's own file handling (the shared contract covers what every adapter does):
 * it appends through a file it keeps open, so what it acknowledges must be on disk for the next
 * process however the writes arrive, and after nedb rewrites the file.
 */
import type Datastore from '@seald-io/nedb';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NedbStore } from './nedb';
import type { Collection, Doc } from './types';

interface Row extends Doc {
  n: number;
  text: string;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'care-nedb-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function reopened(): Promise<{ store: NedbStore; rows: Collection<Row> }> {
  const store = new NedbStore(dir);
  const rows = store.collection<Row>('rows');
  await store.ping();
  return { store, rows };
}

/** The collection's nedb instance, for the one thing the port does not expose: a compaction. */
const datastoreOf = (col: Collection<Row>): Datastore => (col as unknown as { db: Datastore }).db;

describe('embedded store on disk', () => {
  it('has every acknowledged write in the file when many arrive at once', async () => {
    const { store, rows } = await reopened();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => rows.insertOne({ _id: `r${i}`, n: i, text: `ünïcødé ${i} ✓` })),
    );
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => rows.updateOne({ _id: `r${i}` }, { $set: { n: -i } })),
    );
    await rows.deleteMany({ n: { $gte: 190 } });
    await store.close();

    const again = await reopened();
    expect(await again.rows.count({})).toBe(190);
    expect(await again.rows.findOne({ _id: 'r7' })).toMatchObject({ n: -7, text: 'ünïcødé 7 ✓' });
    expect(await again.rows.findOne({ _id: 'r120' })).toMatchObject({ n: 120 });
    await again.store.close();
  });

  it('goes on writing to the new file after nedb compacts the old one', async () => {
    const { store, rows } = await reopened();
    await rows.insertOne({ _id: 'before', n: 1, text: 'before' });
    await datastoreOf(rows).compactDatafileAsync();
    await rows.insertOne({ _id: 'after', n: 2, text: 'after' });
    await store.close();

    expect(readFileSync(join(dir, 'rows.db'), 'utf8')).toContain('"after"');
    const again = await reopened();
    expect((await again.rows.find({}, { sort: { n: 1 } })).map((r) => r._id)).toEqual(['before', 'after']);
    await again.store.close();
  });

  it('appends to the file at the path after another opener rewrote it (audit:verify beside a service)', async () => {
    const { store, rows } = await reopened();
    await rows.insertOne({ _id: 'one', n: 1, text: 'one' });
    // Loading compacts: the second store writes the file afresh and renames it over the first's.
    const other = await reopened();
    await rows.insertOne({ _id: 'two', n: 2, text: 'two' });
    await store.close();
    await other.store.close();

    const again = await reopened();
    expect((await again.rows.find({}, { sort: { n: 1 } })).map((r) => r._id)).toEqual(['one', 'two']);
    await again.store.close();
  });

  it('finishes the writes in flight when closed, and keeps writing by path after', async () => {
    const { store, rows } = await reopened();
    const pending = Array.from({ length: 5 }, (_, i) => rows.insertOne({ _id: `p${i}`, n: i, text: 'p' }));
    await store.close();
    await Promise.all(pending);
    await rows.insertOne({ _id: 'late', n: 9, text: 'late' });

    const again = await reopened();
    expect(await again.rows.count({})).toBe(6);
    await again.store.close();
  });

  it('refuses a write the unique index refuses, and writes nothing of it', async () => {
    const { store, rows } = await reopened();
    await rows.ensureIndex(['n'], { unique: true });
    await rows.insertOne({ _id: 'one', n: 1, text: 'one' });
    await expect(rows.insertOne({ _id: 'two', n: 1, text: 'two' })).rejects.toThrow();
    await rows.insertOne({ _id: 'three', n: 3, text: 'three' });
    await store.close();

    const again = await reopened();
    expect((await again.rows.find({}, { sort: { n: 1 } })).map((r) => r._id)).toEqual(['one', 'three']);
    await again.store.close();
  });
});
