/**
 * A fixed arrival rate over a bounded pool of keep-alive connections (open loop), for the latency
 * a service level speaks of: "p99 at 300 req/s". autocannon's `overallRate` cannot measure that:
 * each connection sends its whole per-second quota back to back at the top of every second and
 * then waits, so a 300 req/s run is a burst at full concurrency followed by idle time.
 *
 * Requests leave evenly spaced; when all connections are busy a request waits for one, and its
 * latency is counted from when it was due to leave (no coordinated omission).
 */
import { Agent, request } from 'node:http';
import {
  cpuSeconds,
  emptyResult,
  machineSeconds,
  percentile,
  type LoadOptions,
  type RunResult,
} from './load';
import type { Answer } from './scenarios';

interface Sample {
  ms: number;
  ok: boolean;
}

function send(
  agent: Agent,
  url: URL,
  payload: { body: string; headers: Record<string, string> },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          ...payload.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload.body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.end(payload.body);
  });
}

/** One request sent on the pool, its answer checked; its latency counted from `due`. */
function checked(
  agent: Agent,
  url: URL,
  opts: LoadOptions,
  counter: { i: number },
  result: RunResult,
  due: number,
): Promise<Sample> {
  const { body, headers } = opts.request(counter.i++);
  return send(agent, url, { body: JSON.stringify(body), headers })
    .then(({ status, text }) => {
      let ok = status >= 200 && status < 300;
      if (!ok) result.non2xx += 1;
      else {
        try {
          const answer = JSON.parse(text) as Answer;
          ok = opts.ok(answer);
          if (!ok) {
            result.failedChecks += 1;
            result.sample ??= text.slice(0, 400);
          }
          const id = ok ? opts.acknowledged?.(answer) : null;
          if (id) result.acknowledged.push(id);
        } catch {
          ok = false;
          result.failedChecks += 1;
        }
      }
      return { ms: performance.now() - due, ok };
    })
    .catch((e: Error) => {
      result.errors += 1;
      result.sample ??= e.message;
      return { ms: performance.now() - due, ok: false };
    });
}

async function phase(
  agent: Agent,
  opts: LoadOptions & { rate: number },
  seconds: number,
  counter: { i: number },
  result: RunResult,
): Promise<Sample[]> {
  const url = new URL(opts.url);
  const inFlight: Promise<Sample>[] = [];
  const started = performance.now();
  const total = Math.round(opts.rate * seconds);
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + (sent * 1000) / opts.rate <= now) {
        const due = started + (sent * 1000) / opts.rate;
        sent += 1;
        inFlight.push(checked(agent, url, opts, counter, result, due));
      }
      if (sent >= total) return done();
      setTimeout(tick, 1);
    };
    tick();
  });
  return Promise.all(inFlight);
}

/** Runs `opts.rate` requests per second for the duration (after a warm-up) and reports like runInterleaved. */
export async function runOpenLoop(opts: LoadOptions & { rate: number }): Promise<RunResult> {
  const counter = { i: 0 };
  const result = emptyResult();
  // The pool is opened before the clock starts, one request per connection at once, as a proxy in
  // front of the gateway holds its connections: otherwise the first burst that needs more
  // connections waits on the busy server accepting them one per turn of its event loop.
  const agent = new Agent({
    keepAlive: true,
    maxSockets: opts.connections,
    maxFreeSockets: opts.connections,
  });
  const url = new URL(opts.url);
  await Promise.all(
    Array.from({ length: opts.connections }, () =>
      checked(agent, url, opts, counter, result, performance.now()),
    ),
  );
  if (opts.warmupSeconds > 0) await phase(agent, opts, opts.warmupSeconds, counter, result);
  Object.assign(result, { errors: 0, failedChecks: 0, non2xx: 0, sample: undefined });
  const before = opts.processes.map((p) => cpuSeconds(p.pid));
  const machineBefore = machineSeconds();
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const samples = await phase(agent, opts, opts.durationSeconds, counter, result);
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  const after = opts.processes.map((p) => cpuSeconds(p.pid));
  const self = process.cpuUsage(selfBefore);
  const ours = after.reduce((n, a, i) => n + a - before[i], 0) + (self.user + self.system) / 1e6;
  result.otherCores =
    Math.round((Math.max(0, machineSeconds() - machineBefore - ours) / elapsed) * 100) / 100;
  const good = samples.filter((s) => s.ok).map((s) => s.ms);
  // Latency of every answer, failed ones included: an error is not a fast answer.
  const all = samples.map((s) => s.ms).sort((a, b) => a - b);
  result.requests = samples.length;
  result.rps = Math.round((good.length / elapsed) * 10) / 10;
  result.p50 = Math.round(percentile(all, 50));
  result.p99 = Math.round(percentile(all, 99));
  result.errors += result.non2xx + result.failedChecks;
  let cpu = 0;
  opts.processes.forEach((p, i) => {
    const ms = ((after[i] - before[i]) * 1000) / Math.max(1, samples.length);
    result.cpuMsPerRequest[p.name] = Math.round(ms * 100) / 100;
    cpu += ms;
  });
  result.cpuMsPerRequest.total = Math.round(cpu * 100) / 100;
  return result;
}
