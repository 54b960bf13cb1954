import Datastore from '@seald-io/nedb';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  DuplicateKeyError,
  type Collection,
  type Doc,
  type DocStore,
  type Filter,
  type FindOptions,
  type StoreStats,
  type Update,
} from './types';

type Raw = Record<string, unknown>;

const toProjection = (fields?: readonly string[]): Raw | undefined =>
  fields && fields.length > 0 ? Object.fromEntries(fields.map((f) => [f, 1])) : undefined;

const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { errorType?: string }).errorType === 'uniqueViolated';

class NedbCollection<T extends Doc> implements Collection<T> {
  constructor(
    readonly name: string,
    private readonly db: Datastore<Raw>,
    private readonly stats: StoreStats,
  ) {}

  async find(filter: Filter, opts: FindOptions = {}): Promise<T[]> {
    this.stats.reads++;
    let cursor = this.db.findAsync(filter, toProjection(opts.projection));
    if (opts.sort) cursor = cursor.sort(opts.sort);
    if (opts.skip) cursor = cursor.skip(opts.skip);
    if (opts.limit) cursor = cursor.limit(opts.limit);
    return (await cursor) as unknown as T[];
  }

  async findOne(filter: Filter, opts: FindOptions = {}): Promise<T | null> {
    const [first] = await this.find(filter, { ...opts, limit: 1 });
    return first ?? null;
  }

  async count(filter: Filter): Promise<number> {
    this.stats.reads++;
    return this.db.countAsync(filter);
  }

  async insertMany(docs: T[]): Promise<void> {
    if (docs.length === 0) return;
    this.stats.writes++;
    try {
      await this.db.insertAsync(docs as unknown as Raw[]);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateKeyError(String((e as Error).message));
      throw e;
    }
  }

  insertOne(doc: T): Promise<void> {
    return this.insertMany([doc]);
  }

  async updateOne(filter: Filter, update: Update, opts: { upsert?: boolean } = {}): Promise<number> {
    this.stats.writes++;
    try {
      const { numAffected } = await this.db.updateAsync(filter, update as Raw, {
        upsert: opts.upsert ?? false,
        multi: false,
      });
      return numAffected;
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateKeyError(String((e as Error).message));
      throw e;
    }
  }

  async deleteMany(filter: Filter): Promise<number> {
    this.stats.writes++;
    return this.db.removeAsync(filter, { multi: true });
  }

  async ensureIndex(fields: string[], opts: { unique?: boolean; sparse?: boolean } = {}): Promise<void> {
    await this.db.ensureIndexAsync({
      fieldName: fields.length === 1 ? fields[0] : fields,
      unique: opts.unique ?? false,
      sparse: opts.sparse ?? false,
    });
  }
}

/** The embedded store: one append-only file per collection under `dir`. One process per directory. */
export class NedbStore implements DocStore {
  readonly kind = 'nedb' as const;
  readonly stats: StoreStats = { reads: 0, writes: 0 };
  private readonly collections = new Map<string, NedbCollection<Doc>>();
  private readonly loading: Promise<void>[] = [];

  constructor(private readonly dir: string | null) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  collection<T extends Doc>(name: string): Collection<T> {
    let c = this.collections.get(name);
    if (!c) {
      const db = new Datastore<Raw>(
        this.dir ? { filename: join(this.dir, `${name}.db`), autoload: true } : { inMemoryOnly: true },
      );
      if (db.autoloadPromise) this.loading.push(db.autoloadPromise);
      c = new NedbCollection<Doc>(name, db, this.stats);
      this.collections.set(name, c);
    }
    return c as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    await Promise.all(this.loading);
  }

  async close(): Promise<void> {
    await Promise.all(this.loading);
  }
}
