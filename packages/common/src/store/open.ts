import { join } from 'node:path';
import { ConnectionString } from 'mongodb-connection-string-url';
import type { Logger } from 'pino';
import { MongoStore } from './mongo';
import { NedbStore } from './nedb';
import type { DocStore } from './types';

export interface StoreConfig {
  /** When set, MongoDB is used; the database is the service's own. */
  mongodbUri?: string;
  dataDir: string;
  /** The service's database name (and its folder under dataDir for the embedded store). */
  database: string;
  /** Keep everything in memory (tests). */
  inMemory?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How hard to try for a store that is not up yet (MongoDB still starting, a network blip). */
export interface StoreRetry {
  attempts: number;
  /** The wait after the first failure; each later wait doubles, up to `maxWaitMs`. */
  firstWaitMs: number;
  maxWaitMs: number;
}

// Eight attempts over about a minute: long enough for a MongoDB container started alongside.
export const STORE_RETRY: StoreRetry = { attempts: 8, firstWaitMs: 1000, maxWaitMs: 15_000 };

/** Opens the service's store, retrying MongoDB with backoff rather than crash-looping. */
export async function openStore(
  cfg: StoreConfig,
  log?: Logger,
  retry: Partial<StoreRetry> = {},
): Promise<DocStore> {
  const { attempts, firstWaitMs, maxWaitMs } = { ...STORE_RETRY, ...retry };
  if (!cfg.mongodbUri) return new NedbStore(cfg.inMemory ? null : join(cfg.dataDir, cfg.database));
  // Parsed once, with the driver's own parser (a replica set's `mongodb://a,b,c/` is no WHATWG
  // URL): a URI that cannot be right is refused at once rather than retried.
  let named: string;
  try {
    named = decodeURIComponent(new ConnectionString(cfg.mongodbUri).pathname.replace(/^\//, ''));
  } catch (e) {
    throw new Error(`MONGODB_URI is not a MongoDB connection string: ${(e as Error).message}`);
  }
  for (let i = 1; ; i++) {
    try {
      // A database named in the URI path wins, so each service can be pointed at its own database.
      return await MongoStore.connect(cfg.mongodbUri, named || cfg.database);
    } catch (e) {
      if (i >= attempts) {
        log?.error({ attempts, err: (e as Error).message }, 'store unavailable; giving up');
        throw new Error(`Store unavailable after ${attempts} attempts: ${(e as Error).message}`);
      }
      const wait = Math.min(firstWaitMs * 2 ** (i - 1), maxWaitMs);
      log?.warn({ attempt: i, waitMs: wait, err: (e as Error).message }, 'store unavailable, retrying');
      await sleep(wait);
    }
  }
}
