import { join } from 'node:path';
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

/** Opens the service's store, retrying MongoDB with backoff rather than crash-looping. */
export async function openStore(cfg: StoreConfig, log?: Logger, attempts = 8): Promise<DocStore> {
  if (!cfg.mongodbUri) return new NedbStore(cfg.inMemory ? null : join(cfg.dataDir, cfg.database));
  for (let i = 1; ; i++) {
    try {
      // A database named in the URI path wins, so each service can be pointed at its own database.
      const named = new URL(cfg.mongodbUri).pathname.replace(/^\//, '');
      return await MongoStore.connect(cfg.mongodbUri, named || cfg.database);
    } catch (e) {
      if (i >= attempts) {
        log?.error({ attempts, err: (e as Error).message }, 'store unavailable; giving up');
        throw new Error(`Store unavailable after ${attempts} attempts: ${(e as Error).message}`);
      }
      const wait = Math.min(500 * 2 ** i, 15_000);
      log?.warn({ attempt: i, waitMs: wait, err: (e as Error).message }, 'store unavailable, retrying');
      await sleep(wait);
    }
  }
}
