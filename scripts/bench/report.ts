/** The table `npm run bench` prints, with the ratios the issue asks for and its targets. */
import type { MicroResults } from './micro';
import type { Floor } from './floor';
import type { RunResult } from './load';

export interface Row extends RunResult {
  scenario: string;
  title: string;
  variant: string;
}

export interface BenchReport {
  at: string;
  command: string;
  machine: Record<string, unknown>;
  settings: Record<string, unknown>;
  variants: Record<string, string>;
  skipped: string[];
  hive: string | null;
  rows: Row[];
  writes: { acknowledged: number; present: number; missing: string[] };
  micro: MicroResults | null;
  floor: Floor | null;
  seconds: number;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const ratio = (a?: number, b?: number) => (a && b ? (a / b).toFixed(2) : '–');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function printReport(r: BenchReport): void {
  const scenarios = [...new Set(r.rows.map((x) => x.scenario))];
  console.log('\nVariants:');
  for (const [k, v] of Object.entries(r.variants)) console.log(`  ${k.padEnd(17)} ${v}`);
  console.log(
    [
      '',
      'Pairing: Hive Gateway cannot sign our per-fetch context tokens, so (c) runs against subgraphs started',
      "with governance off and forwards the client's unsigned context header. (b') is our gateway doing exactly",
      "that against subgraphs started the same way: (b')/(c) compares the two routers on equal work. (b) keeps",
      "signing, so (b) vs (b') is what the signed context costs, and our gateway vs (b) what shield and audit cost.",
      'Hive Gateway runs with its in-flight deduplication of identical subgraph requests off: ours cannot share',
      'answers between requests (each is audited, each token single-use), and every run cycles through 50',
      'patients. Person.timeline is resolved in the governance subgraph by fanning out through our gateway, so',
      "the timeline runs our gateway's executor in every variant, Hive's included.",
      'Side by side: every variant has processes of its own, up for the whole run, and the four gateway variants',
      'are measured in short rounds that rotate between them, so the drift of a shared machine between minutes',
      'falls on all alike, and every stack is as warm as the others (each is loaded a quarter of the time).',
      'Every round opens its connections afresh; req/s and latency are counted once all of them have had an',
      'answer (a busy Node server accepts one new connection per turn of its event loop). ramp ms: how long',
      'that took, the longest of the rounds.',
      'cpu ms/req: CPU time of each service process per request (load generator excluded), from /proc.',
      'other: cores busy with work other than this benchmark during the run; above ~0.2 the figures of that',
      'run measured a shared machine (compare cpu ms/req, which moves less).',
    ].join('\n'),
  );
  console.log(
    `\n${'scenario'.padEnd(10)}${'variant'.padEnd(18)}${pad('req/s', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('ramp ms', 9)}${pad('cpu ms/req', 12)}${pad('other', 7)}  cpu per process`,
  );
  for (const x of r.rows) {
    const per = Object.entries(x.cpuMsPerRequest)
      .filter(([k]) => k !== 'total')
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(
      `${x.scenario.padEnd(10)}${x.variant.padEnd(18)}${pad(x.rps.toFixed(0), 8)}${pad(x.p50, 8)}${pad(x.p99, 8)}${pad(x.errors, 8)}${pad(x.rampMs ?? '-', 9)}${pad(x.cpuMsPerRequest.total ?? 0, 12)}${pad(x.otherCores.toFixed(2), 7)}  ${per}`,
    );
  }
  for (const x of r.rows.filter((row) => (row.unrampedRounds ?? 0) > 0))
    console.log(
      `  ${x.scenario} ${x.variant}: in ${x.unrampedRounds} round(s) some connection never had an answer; every answer of those rounds is counted`,
    );
  const unmeasured = r.rows.filter((x) => x.rps === 0);
  if (unmeasured.length > 0)
    console.log(`  NO MEASURED ANSWERS: ${unmeasured.map((x) => `${x.scenario} ${x.variant}`).join(', ')}`);
  console.log('\nRatios (req/s):');
  for (const s of scenarios) {
    const get = (v: string) => r.rows.find((x) => x.scenario === s && x.variant === v);
    const on = get('gateway');
    const off = get('gov-off');
    const unsigned = get('gov-off-unsigned');
    const hive = get('hive');
    const direct = get('direct');
    const parts = [
      `direct/gateway ${ratio(direct?.rps, on?.rps)}`,
      on && off
        ? `governance cost ${pct(1 - on.rps / off.rps)} of throughput (${pct(1 - off.cpuMsPerRequest.total / on.cpuMsPerRequest.total)} of CPU)`
        : null,
      off && unsigned ? `signed context costs ${pct(1 - off.rps / unsigned.rps)} of throughput` : null,
      `ours (b')/hive (c) ${ratio(unsigned?.rps, hive?.rps)}`,
      `ours full/hive ${ratio(on?.rps, hive?.rps)}`,
    ].filter(Boolean);
    console.log(`  ${s.padEnd(9)} ${parts.join('; ')}`);
  }
  if (r.micro) {
    console.log('\nShield on vs off, per subgraph part of the person query (in process, mean):');
    for (const m of r.micro.shield)
      console.log(`  ${m.subgraph.padEnd(12)} on ${m.onUs} µs, off ${m.offUs} µs: +${m.addedUs} µs`);
    console.log(
      `  the shield adds ${r.micro.shieldAddedUs} µs of CPU to the person query (three data subgraphs)`,
    );
    const a = r.micro.audit;
    console.log(
      `Audit: ${a.memoryUs} µs per record in memory, ${a.diskUs} µs on disk one at a time, ${a.diskConcurrent32Us} µs each when 32 arrive together (group commit)`,
    );
    const l = r.micro.rateLimit;
    console.log(
      `Rate limit: a count in the shared store costs ${l.storeHitMemoryUs} µs (memory) / ${l.storeHitDiskUs} µs (disk); the per-request local count ${l.localUs} µs`,
    );
  }
  const person = (v: string) => r.rows.find((x) => x.scenario === 'person' && x.variant === v);
  const on = person('gateway');
  const off = person('gov-off');
  const unsigned = person('gov-off-unsigned');
  const hive = person('hive');
  console.log('\nTargets (clinician person query, 32 connections):');
  if (on) {
    console.log(
      `  ≥ 300 req/s: ${on.rps.toFixed(0)} req/s at most (32 connections sending back to back) → ${on.rps >= 300 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `  p99 < 100 ms with 32 connections sending back to back: p50 ${on.p50} ms, p99 ${on.p99} ms → ${on.rps > 0 && on.p99 < 100 ? 'met' : 'NOT met'}`,
    );
    if (r.floor)
      console.log(
        `    (p99 is ${ratio(on.p99, on.p50)}x p50; a one-process server spending ${r.floor.spinMs} ms of CPU a request, same load: ${r.floor.rps.toFixed(0)} req/s, p50 ${r.floor.p50} ms, p99 ${r.floor.p99} ms, ${ratio(r.floor.p99, r.floor.p50)}x)`,
      );
  }
  const slo = person('gateway@300');
  if (slo) {
    console.log(
      `  p99 < 100 ms at 300 req/s offered over 32 connections: ${slo.rps.toFixed(0)} req/s served, p50 ${slo.p50} ms, p99 ${slo.p99} ms → ${slo.rps >= 295 && slo.p99 < 100 ? 'met' : 'NOT met'}`,
    );
  }
  if (on && off) {
    const cost = 1 - on.rps / off.rps;
    console.log(`  governance < 15% of throughput: ${pct(cost)} → ${cost < 0.15 ? 'met' : 'NOT met'}`);
  }
  if (unsigned && hive) {
    console.log(
      `  ours ≥ Hive Gateway: ${unsigned.rps.toFixed(0)} vs ${hive.rps.toFixed(0)} req/s → ${unsigned.rps >= hive.rps ? 'met' : 'NOT met'}`,
    );
  }
  if (r.hive) console.log(`  ${r.hive}`);
  for (const s of r.skipped) console.log(`Skipped: ${s}`);
  console.log(
    `\nWrites: ${r.writes.acknowledged} referrals acknowledged, ${r.writes.present} present afterwards${r.writes.missing.length ? `; MISSING e.g. ${r.writes.missing.join(', ')}` : ''}.`,
  );
  console.log(
    `Load average at the end: ${(r.machine.loadAverageAtEnd as number[]).join(' ')} (other work on the machine skews req/s; cpu ms/req is steadier).`,
  );
}
