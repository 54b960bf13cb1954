/**
 * Measured runs: autocannon on loopback, a warm-up first, every answer checked, and the CPU each
 * service process spent per request read from /proc; several variants interleaved in rounds.
 *
 * Each round opens its connections afresh, and a busy Node server accepts one new connection per
 * turn of its event loop (libuv 1.45, libuv/libuv#3696), so the last of 32 connections can wait
 * most of a second for its first answer. Latency and throughput are therefore those of the
 * established connections: a round's clock starts once every connection has had an answer, and
 * how long that took is reported beside them as the ramp.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import type { Answer, GraphQLBody } from './scenarios';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** The body and headers of request number `i`. */
  request(i: number): { body: GraphQLBody; headers: Record<string, string> };
  ok(answer: Answer): boolean;
  acknowledged?(answer: Answer): string | null;
  /** Service processes whose CPU time is charged to this run. */
  processes: { name: string; pid: number | undefined }[];
}

export interface RunResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Transport errors, timeouts, non-2xx answers and answers that failed the check. */
  errors: number;
  failedChecks: number;
  non2xx: number;
  /** Milliseconds of CPU per request, per service process and in total (load generator excluded). */
  cpuMsPerRequest: Record<string, number>;
  /**
   * Cores busy with anything but this benchmark during the run (other work on the machine):
   * a run with more than a few tenths of a core of it measured a shared machine, not the stack.
   */
  otherCores: number;
  acknowledged: string[];
  /**
   * Milliseconds from a round's start until every connection had had an answer (the longest of
   * the rounds); answers before then are checked but not in the latency or req/s figures.
   */
  rampMs?: number;
  /**
   * Rounds in which some connection never had an answer: nothing was excluded from those, every
   * answer of the round is in the figures (a stalled server must not vanish from its own p99).
   */
  unrampedRounds?: number;
  /** The first failed answer, to say what went wrong. */
  sample?: string;
}

/** Busy CPU seconds of the whole machine so far (Linux /proc/stat; 0 elsewhere). */
export function machineSeconds(): number {
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = f.map(Number);
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return 0;
  }
}

/** User plus system CPU seconds of a process so far (Linux /proc; 0 elsewhere). */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** What a measured round saw once every connection was established and had answered once. */
interface Window {
  latencies: number[];
  ok: number;
  /** When the last connection had its first answer (performance.now()), or null if none did. */
  rampedAt: number | null;
  /** The answers before then, counted only if the round never ramps. */
  early: { latencies: number[]; ok: number };
}

function cannon(
  opts: LoadOptions,
  seconds: number,
  counter: { i: number },
  check: boolean,
  result: RunResult,
  window?: Window,
) {
  // autocannon calls onResponse and then emits 'response' for the same answer, synchronously.
  let lastPassed = false;
  const options: autocannon.Options = {
    url: opts.url,
    connections: opts.connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const { body, headers } = opts.request(counter.i++);
          return {
            ...req,
            method: 'POST',
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/json', ...headers },
          };
        },
        onResponse: (status, body) => {
          lastPassed = false;
          if (!check || status < 200 || status >= 300) return;
          let answer: Answer;
          try {
            answer = JSON.parse(body) as Answer;
          } catch {
            result.failedChecks += 1;
            return;
          }
          if (!opts.ok(answer)) {
            result.failedChecks += 1;
            result.sample ??= body.slice(0, 400);
            return;
          }
          lastPassed = true;
          const id = opts.acknowledged?.(answer);
          if (id) result.acknowledged.push(id);
        },
      },
    ],
  };
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, res) => (err ? reject(err as Error) : resolve(res)));
    if (!window) return;
    const answered = new Set<unknown>();
    instance.on('response', (client, _status, _bytes, ms) => {
      if (window.rampedAt === null) {
        answered.add(client);
        if (answered.size === opts.connections) window.rampedAt = performance.now();
        window.early.latencies.push(ms);
        if (lastPassed) window.early.ok += 1;
        return;
      }
      window.latencies.push(ms);
      if (lastPassed) window.ok += 1;
    });
  });
}

export const emptyResult = (): RunResult => ({
  requests: 0,
  rps: 0,
  p50: 0,
  p99: 0,
  errors: 0,
  failedChecks: 0,
  non2xx: 0,
  cpuMsPerRequest: {},
  otherCores: 0,
  acknowledged: [],
});

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export interface Rounds {
  /** How many times the load visits each variant. */
  rounds: number;
  /** Seconds per visit (each variant's measured time is rounds × this). */
  roundSeconds: number;
}

/**
 * Several variants measured side by side: all of them are up at once and the load visits each in
 * turn for a short round, the order rotated every round, until each has had `rounds` of them.
 * On a shared machine whose speed drifts by a fifth between minutes, that drift then falls on
 * every variant alike, and their ratios hold where figures taken minutes apart would not.
 * Latency percentiles are of every answer of every round; CPU is each variant's own processes'.
 */
export async function runInterleaved(variants: LoadOptions[], how: Rounds): Promise<RunResult[]> {
  const state = variants.map(() => ({
    counter: { i: 0 },
    result: emptyResult(),
    latencies: [] as number[],
    cpu: [] as number[],
    /** Measured seconds (after each round's ramp) and whole seconds of the rounds. */
    seconds: 0,
    wall: 0,
    other: 0,
    ok: 0,
    rampMs: 0,
    unramped: 0,
  }));
  for (const [k, v] of variants.entries()) {
    if (v.warmupSeconds <= 0) continue;
    // Warm-up answers are checked too: a write acknowledged then must also be present afterwards.
    const st = state[k];
    await cannon(v, v.warmupSeconds, st.counter, true, st.result);
    st.result.failedChecks = 0;
    st.result.sample = undefined;
  }
  for (let round = 0; round < how.rounds; round++) {
    for (let j = 0; j < variants.length; j++) {
      const k = (j + round) % variants.length;
      const v = variants[k];
      const st = state[k];
      const before = v.processes.map((p) => cpuSeconds(p.pid));
      const machineBefore = machineSeconds();
      const selfBefore = process.cpuUsage();
      const started = performance.now();
      const window: Window = {
        latencies: st.latencies,
        ok: 0,
        rampedAt: null,
        early: { latencies: [], ok: 0 },
      };
      const r = await cannon(v, how.roundSeconds, st.counter, true, st.result, window);
      const ended = performance.now();
      if (window.rampedAt === null) {
        st.unramped += 1;
        for (const ms of window.early.latencies) st.latencies.push(ms);
        window.ok = window.early.ok;
      }
      const rampedAt = window.rampedAt ?? started;
      st.rampMs = Math.max(st.rampMs, (window.rampedAt ?? ended) - started);
      const after = v.processes.map((p) => cpuSeconds(p.pid));
      const self = process.cpuUsage(selfBefore);
      const ours = after.reduce((n, a, i) => n + a - before[i], 0) + (self.user + self.system) / 1e6;
      st.other += Math.max(0, machineSeconds() - machineBefore - ours);
      st.seconds += (ended - rampedAt) / 1000;
      st.wall += (ended - started) / 1000;
      v.processes.forEach((_p, i) => (st.cpu[i] = (st.cpu[i] ?? 0) + after[i] - before[i]));
      st.result.requests += r.requests.total;
      st.result.non2xx += r.non2xx;
      // autocannon's `errors` already counts its timeouts.
      st.result.errors += r.errors + r.non2xx;
      st.ok += window.ok;
    }
  }
  return variants.map((v, k) => {
    const st = state[k];
    const result = st.result;
    const sorted = st.latencies.sort((a, b) => a - b);
    result.rps = Math.round((st.ok / Math.max(st.seconds, 1e-9)) * 10) / 10;
    result.p50 = Math.round(percentile(sorted, 50));
    result.p99 = Math.round(percentile(sorted, 99));
    result.errors += result.failedChecks;
    result.otherCores = Math.round((st.other / Math.max(st.wall, 1e-9)) * 100) / 100;
    result.rampMs = Math.round(st.rampMs);
    result.unrampedRounds = st.unramped;
    let total = 0;
    v.processes.forEach((p, i) => {
      const ms = ((st.cpu[i] ?? 0) * 1000) / Math.max(1, result.requests);
      result.cpuMsPerRequest[p.name] = Math.round(ms * 100) / 100;
      total += ms;
    });
    result.cpuMsPerRequest.total = Math.round(total * 100) / 100;
    return result;
  });
}
