/**
 * One measured run: autocannon on loopback against one endpoint, a warm-up first, with every
 * answer checked, and the CPU each service process spent per request read from /proc.
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

function cannon(
  opts: LoadOptions,
  seconds: number,
  counter: { i: number },
  check: boolean,
  result: RunResult,
) {
  return autocannon({
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
          const id = opts.acknowledged?.(answer);
          if (id) result.acknowledged.push(id);
        },
      },
    ],
  });
}

export async function runLoad(opts: LoadOptions): Promise<RunResult> {
  const counter = { i: 0 };
  const result: RunResult = {
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
  };
  if (opts.warmupSeconds > 0) {
    // Warm-up answers are checked too: a write acknowledged then must also be present afterwards.
    await cannon(opts, opts.warmupSeconds, counter, true, result);
    result.failedChecks = 0;
    result.sample = undefined;
  }
  const before = opts.processes.map((p) => cpuSeconds(p.pid));
  const machineBefore = machineSeconds();
  const selfBefore = process.cpuUsage();
  const started = Date.now();
  const r = await cannon(opts, opts.durationSeconds, counter, true, result);
  const after = opts.processes.map((p) => cpuSeconds(p.pid));
  const self = process.cpuUsage(selfBefore);
  const ours = after.reduce((n, a, i) => n + a - before[i], 0) + (self.user + self.system) / 1e6;
  result.otherCores =
    Math.round(
      (Math.max(0, machineSeconds() - machineBefore - ours) / ((Date.now() - started) / 1000)) * 100,
    ) / 100;
  result.requests = r.requests.total;
  result.rps = r.requests.average;
  result.p50 = r.latency.p50;
  result.p99 = r.latency.p99;
  result.non2xx = r.non2xx;
  result.errors = r.errors + r.timeouts + r.non2xx + result.failedChecks;
  let total = 0;
  opts.processes.forEach((p, i) => {
    const ms = ((after[i] - before[i]) * 1000) / Math.max(1, r.requests.total);
    result.cpuMsPerRequest[p.name] = Math.round(ms * 100) / 100;
    total += ms;
  });
  result.cpuMsPerRequest.total = Math.round(total * 100) / 100;
  return result;
}
