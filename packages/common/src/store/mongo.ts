import { MongoClient, MongoServerError, type Db, type Document as MongoDoc } from 'mongodb';
import { ConnectionString } from 'mongodb-connection-string-url';
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

const isDuplicate = (e: unknown): e is MongoServerError => e instanceof MongoServerError && e.code === 11000;

/** The driver's message quotes the duplicate value; only the index's field names are kept. */
const duplicateOf = (collection: string, e: MongoServerError): DuplicateKeyError =>
  new DuplicateKeyError(collection, Object.keys((e.keyPattern as Record<string, unknown> | undefined) ?? {}));

class MongoCollection<T extends Doc> implements Collection<T> {
  constructor(
    readonly name: string,
    private readonly db: Db,
    private readonly stats: StoreStats,
  ) {}

  private get col() {
    return this.db.collection<MongoDoc>(this.name);
  }

  async find(filter: Filter, opts: FindOptions = {}): Promise<T[]> {
    this.stats.reads++;
    const projection = opts.projection?.length
      ? Object.fromEntries(opts.projection.map((f) => [f, 1]))
      : undefined;
    let cursor = this.col.find(filter, projection ? { projection } : {});
    if (opts.sort) cursor = cursor.sort(opts.sort);
    if (opts.skip) cursor = cursor.skip(opts.skip);
    if (opts.limit) cursor = cursor.limit(opts.limit);
    return (await cursor.toArray()) as unknown as T[];
  }

  async findOne(filter: Filter, opts: FindOptions = {}): Promise<T | null> {
    const [first] = await this.find(filter, { ...opts, limit: 1 });
    return first ?? null;
  }

  async count(filter: Filter): Promise<number> {
    this.stats.reads++;
    return this.col.countDocuments(filter);
  }

  async insertMany(docs: T[]): Promise<void> {
    if (docs.length === 0) return;
    // One document is written all or nothing by itself: no transaction (two more round trips).
    if (docs.length === 1) return this.insertOne(docs[0]);
    this.stats.writes++;
    const session = this.db.client.startSession();
    try {
      // All or none: a batch is one transaction (replica set), so a duplicate cannot leave half of it.
      await session.withTransaction(async () => {
        await this.col.insertMany(docs as unknown as MongoDoc[], { session, ordered: true });
      });
    } catch (e) {
      if (isDuplicate(e)) throw duplicateOf(this.name, e);
      throw e;
    } finally {
      await session.endSession();
    }
  }

  async insertOne(doc: T): Promise<void> {
    this.stats.writes++;
    try {
      await this.col.insertOne(doc as unknown as MongoDoc);
    } catch (e) {
      if (isDuplicate(e)) throw duplicateOf(this.name, e);
      throw e;
    }
  }

  async updateOne(filter: Filter, update: Update, opts: { upsert?: boolean } = {}): Promise<number> {
    this.stats.writes++;
    try {
      const r = await this.col.updateOne(filter, update as MongoDoc, { upsert: opts.upsert ?? false });
      return r.matchedCount + r.upsertedCount;
    } catch (e) {
      if (isDuplicate(e)) throw duplicateOf(this.name, e);
      throw e;
    }
  }

  async deleteMany(filter: Filter): Promise<number> {
    this.stats.writes++;
    return (await this.col.deleteMany(filter)).deletedCount;
  }

  async ensureIndex(fields: string[], opts: { unique?: boolean; sparse?: boolean } = {}): Promise<void> {
    await this.col.createIndex(Object.fromEntries(fields.map((f) => [f, 1])), {
      unique: opts.unique ?? false,
      sparse: opts.sparse ?? false,
    });
  }
}

/** MongoDB through the official driver: one database per service, majority writes. */
export class MongoStore implements DocStore {
  readonly kind = 'mongodb' as const;
  readonly stats: StoreStats = { reads: 0, writes: 0 };
  private readonly db: Db;

  private constructor(
    private readonly client: MongoClient,
    dbName: string,
  ) {
    this.db = client.db(dbName);
  }

  static async connect(uri: string, dbName: string): Promise<MongoStore> {
    // The driver lets options given here override the URI's; these are defaults, so a setting the
    // URI names (`?maxPoolSize=200`) is left to the URI. The majority write and read concerns are
    // not: an audit record or referral acknowledged before a majority holds it could be lost in a
    // failover, so a URI's `?w=1` is overruled on purpose.
    const named = new Set([...new ConnectionString(uri).searchParams.keys()].map((k) => k.toLowerCase()));
    const defaults = { serverSelectionTimeoutMS: 5000, maxPoolSize: 50 };
    const client = new MongoClient(uri, {
      writeConcern: { w: 'majority' },
      readConcern: { level: 'majority' },
      ...Object.fromEntries(Object.entries(defaults).filter(([k]) => !named.has(k.toLowerCase()))),
    });
    await client.connect();
    return new MongoStore(client, dbName);
  }

  collection<T extends Doc>(name: string): Collection<T> {
    return new MongoCollection<T>(name, this.db, this.stats);
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
