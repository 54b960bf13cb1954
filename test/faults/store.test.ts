import { createLogger, openStore } from '@care/common';
import { tmpdir } from 'node:os';

describe('the store unavailable at start', () => {
  it('retries with backoff, logging each wait, then fails with a clear message (no crash loop)', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger('council', 'debug', { write: (l: string) => void lines.push(JSON.parse(l)) });
    const started = Date.now();
    await expect(
      openStore(
        { mongodbUri: 'mongodb://127.0.0.1:1/council', dataDir: tmpdir(), database: 'council' },
        log,
        2,
      ),
    ).rejects.toThrow(/Store unavailable after 2 attempts: .*ECONNREFUSED/);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'store unavailable, retrying', attempt: 1, waitMs: 1000 }),
      expect.objectContaining({ level: 50, msg: 'store unavailable; giving up', attempts: 2 }),
    ]);
    // It waited between attempts rather than hammering the store.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  }, 30_000);
});
