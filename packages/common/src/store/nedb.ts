import Datastore from '@seald-io/nedb';
import { serialize } from '@seald-io/nedb/lib/model';
import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
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
      if (isUniqueViolation(e)) throw new DuplicateKeyError(this.name);
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
      if (isUniqueViolation(e)) throw new DuplicateKeyError(this.name);
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

/** What nedb's persistence does for each write, as 4.x defines it (not part of its typed API). */
interface AppendingPersistence {
  filename: string;
  persistNewStateAsync(docs: Raw[]): Promise<void>;
}

/**
 * nedb appends each write with `fs.appendFile`: an open and a close around every append, a third
 * to a half of the CPU of a lone insert (an audit record, a referral). This keeps the collection's
 * file open for appending instead, with nedb's serialisation (no serialisation hooks are used
 * here) and the same durability (neither syncs), and writes with `writeSync`: on this VM any
 * asynchronous file write costs 35 to 45 µs of CPU (the hand-off to libuv's thread pool or
 * io_uring and the wake-ups around it) where the same 1.5 KB written synchronously costs 3 µs.
 * Unsynced, the append goes to the page cache, and the request that made it waits for it either
 * way (an audit record before the data goes back). Where the kernel throttles writers (dirty
 * pages past its limit, or storage over a network) the wait falls on the whole event loop rather
 * than one thread of the pool: the embedded store is for one machine's local disk; MongoDB is the
 * store for anything else.
 * Before each append the path is checked to still be the open file: a compaction (nedb's own, or
 * another opener's load, such as `audit:verify` run beside a live service) replaces it by a
 * rename, and appends go to the file at the path, as nedb's would. A failed write drops the file;
 * once the store is closed, writes go by path again.
 */
class OpenFileAppender {
  private file: { fd: number; ino: number } | null = null;
  private closed = false;

  constructor(private readonly filename: string) {}

  append(text: string): void {
    if (this.closed) {
      appendFileSync(this.filename, text, 'utf8');
      return;
    }
    try {
      const at = statSync(this.filename, { throwIfNoEntry: false })?.ino ?? null;
      if (this.file && this.file.ino !== at) this.drop();
      if (!this.file) {
        const fd = openSync(this.filename, 'a', 0o644);
        try {
          this.file = { fd, ino: fstatSync(fd).ino };
        } catch (e) {
          closeSync(fd);
          throw e;
        }
      }
      const bytes = Buffer.from(text, 'utf8');
      for (let done = 0; done < bytes.length;) done += writeSync(this.file.fd, bytes, done);
    } catch (e) {
      this.drop();
      throw e;
    }
  }

  /** Closes the file; a failure to close loses nothing written (the descriptor goes either way). */
  private drop(): void {
    const f = this.file;
    this.file = null;
    if (!f) return;
    try {
      closeSync(f.fd);
    } catch {
      // As above: what was written is in the file.
    }
  }

  /** Later writes append by path (nedb runs one operation at a time, so none is half done). */
  close(): void {
    this.closed = true;
    this.drop();
  }
}

function appendThroughOpenFile(db: Datastore<Raw>): OpenFileAppender {
  const persistence = db.persistence as unknown as AppendingPersistence;
  const appender = new OpenFileAppender(persistence.filename);
  persistence.persistNewStateAsync = (docs) => {
    try {
      let text = '';
      for (const doc of docs) text += `${serialize(doc)}\n`;
      if (text.length > 0) appender.append(text);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
  return appender;
}

/** The embedded store: one append-only file per collection under `dir`. One process per directory. */
export class NedbStore implements DocStore {
  readonly kind = 'nedb' as const;
  readonly stats: StoreStats = { reads: 0, writes: 0 };
  private readonly collections = new Map<string, NedbCollection<Doc>>();
  private readonly loading: Promise<void>[] = [];
  private readonly appenders: OpenFileAppender[] = [];

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
      if (this.dir) this.appenders.push(appendThroughOpenFile(db));
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
    for (const a of this.appenders) a.close();
  }
}
