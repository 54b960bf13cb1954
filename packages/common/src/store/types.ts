/**
 * The document store every service's port is written against. Filters use the MongoDB query
 * language subset both adapters share: equality, $in, $nin, $gt/$gte/$lt/$lte, $ne, $exists, $or, $and, $regex.
 */
export type Filter = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;

export interface FindOptions {
  /** Only these fields come back (plus `_id`): the store reads what the query asked for. */
  projection?: readonly string[];
  sort?: Sort;
  limit?: number;
  skip?: number;
}

export interface Update {
  $set?: Record<string, unknown>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
  $unset?: Record<string, true>;
}

export interface Doc {
  _id: string;
}

export interface Collection<T extends Doc> {
  readonly name: string;
  find(filter: Filter, opts?: FindOptions): Promise<T[]>;
  findOne(filter: Filter, opts?: FindOptions): Promise<T | null>;
  count(filter: Filter): Promise<number>;
  /** Inserts all or none: a duplicate key anywhere rejects the whole batch. */
  insertMany(docs: T[]): Promise<void>;
  insertOne(doc: T): Promise<void>;
  /** Returns how many documents matched (0 or 1). */
  updateOne(filter: Filter, update: Update, opts?: { upsert?: boolean }): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  ensureIndex(fields: string[], opts?: { unique?: boolean; sparse?: boolean }): Promise<void>;
}

export interface StoreStats {
  /** Store reads since start: what the batching tests and metrics count. */
  reads: number;
  writes: number;
}

export interface DocStore {
  readonly kind: 'nedb' | 'mongodb';
  readonly stats: StoreStats;
  collection<T extends Doc>(name: string): Collection<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A write refused by a unique index. It names the collection and, where the store says, the key's
 * fields, never the key's value: the value may be an NHS number, and this message can reach a log.
 */
export class DuplicateKeyError extends Error {
  constructor(
    readonly collection: string,
    readonly fields: string[] = [],
  ) {
    super(`duplicate key in ${collection}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`);
    this.name = 'DuplicateKeyError';
  }
}
