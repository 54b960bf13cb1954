import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInterleaved, type LoadOptions } from './load';

/**
 * Answers after `everyMs`, except the first request on every connection, which waits `firstMs`:
 * 8 connections in a 3 s round then give several hundred answers, of which the 8 first ones are
 * over one percent, enough to be the p99 if they were counted. With `onlyOne`, only the first
 * connection's first answer waits.
 */
function server(firstMs: number, everyMs: number, onlyOne = false): Promise<{ url: string; server: Server }> {
  let sockets = 0;
  const s = createServer((req, res) => {
    const socket = req.socket as typeof req.socket & { answered?: boolean; n?: number };
    socket.n ??= sockets++;
    const first = !socket.answered && (!onlyOne || socket.n === 0);
    socket.answered = true;
    const n = Number(req.headers['x-n']);
    const body = JSON.stringify(n % 4 === 3 ? { errors: [{ message: 'no' }] } : { data: { ok: true } });
    setTimeout(() => res.setHeader('content-type', 'application/json').end(body), first ? firstMs : everyMs);
  });
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/`, server: s }),
    ),
  );
}

jest.setTimeout(20_000);

describe('the closed-loop measurement', () => {
  let up: { url: string; server: Server };
  beforeAll(async () => (up = await server(1200, 20)));
  afterAll(() => new Promise<void>((done) => up.server.close(() => done())));

  const options = (): LoadOptions => ({
    url: up.url,
    connections: 8,
    durationSeconds: 2,
    warmupSeconds: 0,
    request: (i) => ({ body: { query: '{ ok }', variables: {} }, headers: { 'x-n': String(i) } }),
    ok: (answer) => answer.data?.ok === true,
    processes: [],
  });

  it('times established connections and reports how long setting them up took', async () => {
    const [r] = await runInterleaved([options()], { rounds: 2, roundSeconds: 3 });
    // Each round's connections wait 1.2 s for their first answer: that is the ramp, not latency.
    expect(r.rampMs).toBeGreaterThanOrEqual(1200);
    // Answers take 20 ms; counted, the 8 set-up waits (over 1% of the answers) would be the p99.
    // The margin is for a machine busy with the rest of the suite, which has stretched a 20 ms
    // timer past 300 ms.
    expect(r.p50).toBeGreaterThanOrEqual(20);
    expect(r.p99).toBeLessThan(800);
    expect(r.rps).toBeGreaterThan(0);
    expect(r.unrampedRounds).toBe(0);
  });

  it('counts answers that fail their check as errors, with one to show', async () => {
    const [r] = await runInterleaved([options()], { rounds: 1, roundSeconds: 3 });
    expect(r.failedChecks).toBeGreaterThan(0);
    expect(r.errors).toBeGreaterThanOrEqual(r.failedChecks);
    expect(r.sample).toContain('"errors"');
  });

  it('counts every answer of a round in which some connection never answered', async () => {
    // One of the 8 connections has its first answer after the round; the other 7 answer all along.
    const stalled = await server(1500, 5, true);
    try {
      const [r] = await runInterleaved([{ ...options(), url: stalled.url }], { rounds: 1, roundSeconds: 1 });
      expect(r.unrampedRounds).toBe(1);
      expect(r.rps).toBeGreaterThan(100);
      expect(r.p50).toBeGreaterThanOrEqual(5);
    } finally {
      stalled.server.closeAllConnections();
      await new Promise<void>((done) => stalled.server.close(() => done()));
    }
  });
});
