import { createLogger, openStore, STORE_RETRY } from '@care/common';
import { tmpdir } from 'node:os';

describe('the store unavailable at start', () => {
  it('retries with backoff, logging each wait, then fails with a clear message (no crash loop)', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger('council', 'debug', { write: (l: string) => void lines.push(JSON.parse(l)) });
    const started = Date.now();
    await expect(
      openStore(
        {
          mongodbUri: 'mongodb://127.0.0.1:1/council?serverSelectionTimeoutMS=100',
          dataDir: tmpdir(),
          database: 'council',
        },
        log,
        { attempts: 5, firstWaitMs: 100, maxWaitMs: 300 },
      ),
    ).rejects.toThrow(/Store unavailable after 5 attempts: .*ECONNREFUSED/);
    // Each wait doubles, up to the cap, and each is logged as a warning before the one error.
    expect(lines).toEqual([
      ...[100, 200, 300, 300].map((waitMs, i) =>
        expect.objectContaining({ level: 40, msg: 'store unavailable, retrying', attempt: i + 1, waitMs }),
      ),
      expect.objectContaining({ level: 50, msg: 'store unavailable; giving up', attempts: 5 }),
    ]);
    // It really waited between attempts rather than hammering the store, and each attempt gave up
    // at the URI's serverSelectionTimeoutMS (100 ms), not at our 5 s default.
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(4000);
  }, 30_000);

  it('waits about a minute in all by default, enough for a MongoDB started alongside', () => {
    const { attempts, firstWaitMs, maxWaitMs } = STORE_RETRY;
    const waits = Array.from({ length: attempts - 1 }, (_, i) => Math.min(firstWaitMs * 2 ** i, maxWaitMs));
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(45_000);
    expect(total).toBeLessThanOrEqual(90_000);
  }, 30_000);
});

describe('the MongoDB connection string', () => {
  const quiet = () => {
    const lines: Record<string, unknown>[] = [];
    return {
      lines,
      log: createLogger('council', 'debug', { write: (l: string) => void lines.push(JSON.parse(l)) }),
    };
  };

  it('takes a replica set of several hosts (no WHATWG URL), trying to reach it', async () => {
    const { lines, log } = quiet();
    await expect(
      openStore(
        {
          mongodbUri: 'mongodb://127.0.0.1:1,127.0.0.1:2/council?replicaSet=rs0&serverSelectionTimeoutMS=100',
          dataDir: tmpdir(),
          database: 'council',
        },
        log,
        { attempts: 1 },
      ),
    ).rejects.toThrow(/^Store unavailable after 1 attempts: connect ECONNREFUSED 127.0.0.1:[12]$/);
    expect(lines).toEqual([expect.objectContaining({ msg: 'store unavailable; giving up' })]);
  });

  it('refuses one that cannot be right at once, without retrying', async () => {
    const { lines, log } = quiet();
    await expect(
      openStore({ mongodbUri: 'http://127.0.0.1:1/council', dataDir: tmpdir(), database: 'council' }, log),
    ).rejects.toThrow(/^MONGODB_URI is not a MongoDB connection string/);
    expect(lines).toEqual([]);
  });
});
