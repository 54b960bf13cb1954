import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInterleaved, type LoadOptions } from './load';

/** Answers at once, except the first request on every connection, which waits `firstMs`. */
function server(firstMs: number): Promise<{ url: string; server: Server }> {
  const s = createServer((req, res) => {
    const socket = req.socket as typeof req.socket & { answered?: boolean };
    const first = !socket.answered;
    socket.answered = true;
    const n = Number(req.headers['x-n']);
    const body = JSON.stringify(n % 4 === 3 ? { errors: [{ message: 'no' }] } : { data: { ok: true } });
    setTimeout(() => res.setHeader('content-type', 'application/json').end(body), first ? firstMs : 0);
  });
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/`, server: s }),
    ),
  );
}

describe('the closed-loop measurement', () => {
  let up: { url: string; server: Server };
  beforeAll(async () => (up = await server(400)));
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
    const [r] = await runInterleaved([options()], { rounds: 2, roundSeconds: 1 });
    // Each round's connections wait 400 ms for their first answer: that is the ramp, not latency.
    expect(r.rampMs).toBeGreaterThanOrEqual(400);
    expect(r.p99).toBeLessThan(100);
    expect(r.rps).toBeGreaterThan(0);
  });

  it('counts answers that fail their check as errors, with one to show', async () => {
    const [r] = await runInterleaved([options()], { rounds: 1, roundSeconds: 1 });
    expect(r.failedChecks).toBeGreaterThan(0);
    expect(r.errors).toBeGreaterThanOrEqual(r.failedChecks);
    expect(r.sample).toContain('"errors"');
  });
});
