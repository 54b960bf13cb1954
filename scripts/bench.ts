/**
 * npm run bench: the whole stack as deployed (one process per service, embedded store on disk,
 * the default 3000-person borough) measured with autocannon on loopback, each scenario through
 * our gateway, against the owning subgraph directly, through our gateway with governance off,
 * and through Hive Gateway on the same supergraph and subgraphs. Every variant's stack is up at
 * once and the load moves between them in short interleaved rounds, so the ratios are measured
 * side by side. Prints a table with ratios and writes bench-results/latest.json.
 *
 * Settings (environment): BENCH_DURATION (s per variant, 10), BENCH_ROUNDS (5), BENCH_WARMUP
 * (s, 3), BENCH_CONNECTIONS (32), BENCH_PEOPLE (3000), BENCH_SCENARIOS (e.g. person,write),
 * BENCH_VARIANTS (e.g. gateway,hive), BENCH_PORT (first of the ports used, 4600 to 4636),
 * BENCH_FLOOR=0 to skip the closed-loop floor (bench/floor.ts), BENCH_MICRO=0 the microbenchmarks,
 * BENCH_SLO=0 the person query at 300 req/s offered (e.g. to profile closed-loop variants alike).
 */
import { NedbStore, unsignedContextHeader, type CareContext, type Role } from '@care/common';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { GatewayClient } from '../test/support/client';
import { careOf, directTokens } from './bench/contexts';
import { startHive } from './bench/hive';
import { runInterleaved, type LoadOptions, type RunResult } from './bench/load';
import { runOpenLoop } from './bench/open-loop';
import { latencyFloor, type Floor } from './bench/floor';
import { micro, type MicroResults } from './bench/micro';
import { printReport, type BenchReport, type Row } from './bench/report';
import { PERSON_QUERY, scenarios, type Answer, type Scenario } from './bench/scenarios';
import { portsFrom, ROOT, seedDir, startStack, type Ports, type ServiceProcess } from './bench/services';
import type { SeedResult } from './seed-lib';

type SeedDemoUser = SeedResult['demoUsers'][number];

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const list = (name: string) =>
  process.env[name]
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? null;

const settings = {
  people: num('BENCH_PEOPLE', 3000),
  caseloadSize: 50,
  durationSeconds: num('BENCH_DURATION', 10),
  rounds: num('BENCH_ROUNDS', 5),
  warmupSeconds: num('BENCH_WARMUP', 3),
  connections: num('BENCH_CONNECTIONS', 32),
  basePort: num('BENCH_PORT', 4600),
};
const onlyScenarios = list('BENCH_SCENARIOS');
const TARGET_RATE = 300;
const onlyVariants = list('BENCH_VARIANTS');
const wanted = (v: string) => !onlyVariants || onlyVariants.includes(v);

/** What every service process gets in the benchmark: production-like, limits that let the load through. */
const SERVICE_ENV = {
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  SESSION_TTL_SECONDS: '7200',
  // One user sends the whole load here; the per-user limit is still counted on every request.
  RATE_LIMIT_PER_USER_PER_MINUTE: '1000000000',
};

export const VARIANTS = {
  gateway: 'our gateway, governance on (shield + audit)',
  direct: '(a) owning subgraph called directly, signed context, governance on',
  'gov-off': '(b) our gateway, shield and audit off, context still signed',
  'gov-off-unsigned': "(b') our gateway, governance off, unsigned context (pair of (c))",
  hive: '(c) Hive Gateway, same supergraph, governance-off subgraphs of its own, unsigned context',
} as const;
export type Variant = keyof typeof VARIANTS;

const STACK_NAMES = ['on', 'off', 'unsigned', 'hive'] as const;
type StackName = (typeof STACK_NAMES)[number];

interface Stack {
  /** Where its gateway answers GraphQL. */
  url: string;
  ports: Ports;
  dir: string;
  procs: ServiceProcess[];
  clients: Partial<Record<Role, GatewayClient>>;
}

const pidsOf = (procs: (ServiceProcess | undefined)[]) =>
  procs.filter((p): p is ServiceProcess => !!p).map((p) => ({ name: p.name, pid: p.pid }));

async function signIn(url: string, demoUsers: SeedDemoUser[]): Promise<Partial<Record<Role, GatewayClient>>> {
  const clients: Partial<Record<Role, GatewayClient>> = {};
  for (const role of ['gp', 'social_worker'] as const) {
    const u = demoUsers.find((d) => d.role === role);
    if (!u) throw new Error(`no demo account for ${role}`);
    const c = new GatewayClient(url);
    await c.login({
      username: u.username,
      password: u.password,
      totpSecret: u.totpSecret,
      totpStep: u.totpStep,
    });
    clients[role] = c;
  }
  return clients;
}

/** Every referral a client saw acknowledged, looked up in the social care store it was written to. */
async function present(dir: string, ids: string[]): Promise<Set<string>> {
  const store = new NedbStore(join(dir, 'social-care'));
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const docs = await store
      .collection<{ _id: string }>('referrals')
      .find({ _id: { $in: ids.slice(i, i + 1000) } });
    for (const d of docs) found.add(d._id);
  }
  await store.close();
  return found;
}

async function main() {
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'care-bench-'));
  const base = settings.basePort;
  const needOn = wanted('gateway') || wanted('direct');
  const needOff = wanted('gov-off');
  const needUnsigned = wanted('gov-off-unsigned');
  const needHive = wanted('hive');
  let all: ServiceProcess[] = [];
  const stopAll = async () => {
    await Promise.all(all.map((p) => p.stop()));
    all = [];
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

  console.log(`Seeding ${settings.people} synthetic people (caseload ${settings.caseloadSize})…`);
  const dirOn = join(root, 'on');
  const seed = await seedDir(dirOn, settings.people, settings.caseloadSize);
  // The other stacks start from a copy of the same borough (nedb files are one process's each).
  const dirOff = join(root, 'off');
  const dirUnsigned = join(root, 'unsigned');
  const dirHive = join(root, 'hive');
  if (needOff) cpSync(dirOn, dirOff, { recursive: true });
  if (needUnsigned) cpSync(dirOn, dirUnsigned, { recursive: true });
  if (needHive) cpSync(dirOn, dirHive, { recursive: true });
  const rows: Row[] = [];
  const acknowledged: Record<StackName, string[]> = { on: [], off: [], unsigned: [], hive: [] };
  let micros: MicroResults | null = null;
  let hiveNote: string | null = null;
  try {
    // Every variant's stack is up at once, so the load can move between them in short rounds.
    const offEnv = { ...SERVICE_ENV, CARE_BENCH_GOVERNANCE: 'off' };
    // A stack of its own per gateway variant: in a rotation each is loaded a quarter of the time.
    // Shared subgraphs were loaded for every variant using them, so they were warmer (JIT, heap)
    // than those of a variant on its own, and the ratios between them leaned that way.
    console.log(
      'Starting the stacks: governance on; governance off; an unsigned gateway; Hive Gateway on subgraphs',
    );
    console.log('of its own (one process per service, as deployed).');
    const stackAt = async (dir: string, first: number, env: Record<string, string>, subgraphEnv = env) => {
      const ports = portsFrom(first);
      const procs = await startStack(dir, ports, { gateway: env, subgraphs: subgraphEnv });
      all.push(...procs);
      const url = `http://127.0.0.1:${ports.gateway}`;
      return { url, ports, dir, procs, clients: await signIn(url, seed.demoUsers) };
    };
    // BENCH ONLY: the unsigned gateways send the context as Hive Gateway does (it cannot sign ours);
    // the one in Hive's stack serves Hive the governance subgraph.
    const unsignedEnv = { ...offEnv, CARE_BENCH_UNSIGNED: '1' };
    const on: Stack | null = needOn ? await stackAt(dirOn, base, SERVICE_ENV) : null;
    const off: Stack | null = needOff ? await stackAt(dirOff, base + 10, offEnv) : null;
    const unsigned: Stack | null = needUnsigned
      ? await stackAt(dirUnsigned, base + 20, unsignedEnv, offEnv)
      : null;
    const hiveStack: Stack | null = needHive ? await stackAt(dirHive, base + 30, unsignedEnv, offEnv) : null;
    const hivePort = base + 35;
    let hive: ServiceProcess | null = null;
    if (hiveStack) {
      try {
        hive = await startHive(dirHive, hiveStack.ports, hivePort);
        all.push(hive);
      } catch (e) {
        hiveNote = `Hive Gateway did not run: ${(e as Error).message}`;
        console.error(hiveNote);
      }
    }

    const probeStack = (on ?? off ?? unsigned ?? hiveStack) as Stack;
    const gp = probeStack.clients.gp as GatewayClient;
    const probe = await gp.request('{ __type(name: "Person") { fields { name } } }');
    const personFields = ((probe.data?.__type as { fields?: { name: string }[] } | null)?.fields ?? []).map(
      (f) => f.name,
    );
    const hasTimeline = personFields.includes('timeline');
    // People the demo GP has a relationship with (the person index, not the raw population, decides),
    // and of those, the ones whose whole person query answers (consent for social care to health).
    const runId = `b${Date.now().toString(36)}`;
    const probeScenarios = scenarios({ people: [''], referable: [''], hasTimeline, runId });
    const candidates = seed.population.people
      .filter((p) => p.nhsNumber && p.gpPractice === 'E85001' && p.knownTo.socialCare)
      .map((p) => p.nhsNumber as string);
    const referable: string[] = [];
    const people: string[] = [];
    for (const n of candidates) {
      if (referable.length >= 100 && people.length >= 50) break;
      const r = await gp.request(PERSON_QUERY, { n });
      if (r.data?.person) referable.push(n);
      if (people.length < 50 && probeScenarios[0].ok(r as Answer)) people.push(n);
    }
    if (people.length === 0) throw new Error('no seeded person answers the clinician person query in full');
    console.log(`  ${people.length} patients for the reads, ${referable.length} for the referrals.`);
    const chosen = scenarios({ people, referable, hasTimeline, runId }).filter(
      (s) => !onlyScenarios || onlyScenarios.includes(s.name),
    );
    const person = people[0];
    const skipped = hasTimeline ? [] : ['timeline (Person.timeline is not in this build)'];
    const bearer = (stack: Stack, role: Role) => ({
      authorization: `Bearer ${stack.clients[role]?.token ?? ''}`,
    });
    const rounds = { rounds: settings.rounds, roundSeconds: settings.durationSeconds / settings.rounds };
    console.log(
      `Each scenario: every variant ${settings.durationSeconds} s in ${settings.rounds} interleaved rounds, after a ${settings.warmupSeconds} s warm-up.`,
    );

    for (const s of chosen) {
      const load = (url: string, headers: Record<string, string>, procs: ServiceProcess[], tag: string) => ({
        url,
        connections: settings.connections,
        durationSeconds: settings.durationSeconds,
        warmupSeconds: settings.warmupSeconds,
        request: (i: number) => ({ body: s.gateway(i, tag), headers }),
        ok: s.ok,
        acknowledged: s.acknowledged,
        processes: pidsOf(procs),
      });
      const variants: { name: Variant; stack: StackName; opts: LoadOptions }[] = [];
      if (on && wanted('gateway'))
        variants.push({
          name: 'gateway',
          stack: 'on',
          opts: load(`${on.url}/graphql`, bearer(on, s.role), on.procs, 'gateway'),
        });
      if (on && wanted('direct')) {
        const target = s.direct.subgraph === 'governance' ? 'gateway' : s.direct.subgraph;
        const url =
          s.direct.subgraph === 'governance'
            ? `${on.url}/subgraphs/governance/graphql`
            : `http://127.0.0.1:${on.ports[s.direct.subgraph]}/graphql`;
        const token = directTokens(on.dir, careOf(s.role, seed.head), s.direct.subgraph);
        variants.push({
          name: 'direct',
          stack: 'on',
          opts: {
            ...load(
              url,
              {},
              on.procs.filter((p) => p.name === target),
              'direct',
            ),
            request: (i) => {
              const body = s.direct.body(i, 'direct');
              return { body, headers: { 'x-care-context': token(body) } };
            },
            ok: s.direct.ok,
          },
        });
      }
      if (off && wanted('gov-off'))
        variants.push({
          name: 'gov-off',
          stack: 'off',
          opts: load(`${off.url}/graphql`, bearer(off, s.role), off.procs, 'gov-off'),
        });
      if (unsigned && wanted('gov-off-unsigned'))
        variants.push({
          name: 'gov-off-unsigned',
          stack: 'unsigned',
          opts: load(`${unsigned.url}/graphql`, bearer(unsigned, s.role), unsigned.procs, 'gov-off-unsigned'),
        });
      if (hive && hiveStack)
        variants.push({
          name: 'hive',
          stack: 'hive',
          opts: load(
            `http://127.0.0.1:${hivePort}/graphql`,
            { 'x-care-context': unsignedContextHeader(careOf(s.role, seed.head) as CareContext) },
            [hive, ...hiveStack.procs],
            'hive',
          ),
        });
      // Every gateway variant in one rotation, so each ratio the report gives (governance on/off,
      // signed/unsigned, ours/Hive) is of figures taken side by side; the direct calls on their own.
      const groups: Variant[][] = [['gateway', 'gov-off', 'gov-off-unsigned', 'hive'], ['direct']];
      for (const names of groups) {
        const group = variants.filter((v) => names.includes(v.name));
        if (group.length === 0) continue;
        console.log(`  ${s.name}: ${group.map((v) => v.name).join(' ⇄ ')}…`);
        const results = await runInterleaved(
          group.map((v) => v.opts),
          rounds,
        );
        results.forEach((r, k) => record(s, group[k].name, group[k].stack, r));
      }
      // The issue's latency target read as a service level: 300 req/s arriving evenly, at most 32
      // connections open (open loop; see bench/open-loop.ts for why not autocannon's rate).
      if (on && wanted('gateway') && s.name === 'person' && process.env.BENCH_SLO !== '0') {
        console.log(`  ${s.name} × gateway at ${TARGET_RATE} req/s…`);
        const r = await runOpenLoop({
          ...load(`${on.url}/graphql`, bearer(on, s.role), on.procs, 'slo'),
          rate: TARGET_RATE,
        });
        record(s, 'gateway', 'on', r, TARGET_RATE);
      }
    }

    function record(s: Scenario, variant: Variant, stack: StackName, r: RunResult, rate?: number) {
      acknowledged[stack].push(...r.acknowledged);
      rows.push({ scenario: s.name, title: s.title, variant: rate ? `${variant}@${rate}` : variant, ...r });
      const fail = r.errors > 0 ? ` errors ${r.errors}${r.sample ? `: ${r.sample}` : ''}` : '';
      console.log(
        `    ${rate ? `${variant}@${rate}` : variant}: ${r.rps.toFixed(0)} req/s p50 ${r.p50} ms p99 ${r.p99} ms${r.rampMs === undefined ? '' : ` (ramp ${r.rampMs} ms)`}${fail}`,
      );
    }
    await stopAll();

    let floor: Floor | null = null;
    if (process.env.BENCH_FLOOR !== '0') {
      console.log('Closed-loop floor: one process spending 1.5 ms of CPU per request, same rounds…');
      floor = await latencyFloor({
        port: settings.basePort + 36,
        connections: settings.connections,
        spinMs: 1.5,
        rounds,
      });
      console.log(`    floor: ${floor.rps.toFixed(0)} req/s p50 ${floor.p50} ms p99 ${floor.p99} ms`);
    }

    if (process.env.BENCH_MICRO !== '0') {
      console.log('Microbenchmarks: shield on/off per subgraph fetch of the person query; audit append.');
      micros = await micro({ people: settings.people, head: seed.head, person });
    }

    // Every write a client saw acknowledged must be in the social care store it was written to.
    const dirs: Record<StackName, string> = { on: dirOn, off: dirOff, unsigned: dirUnsigned, hive: dirHive };
    let acknowledgedCount = 0;
    let presentCount = 0;
    const missing: string[] = [];
    for (const name of STACK_NAMES) {
      const ids = [...new Set(acknowledged[name])];
      if (ids.length === 0) continue;
      const found = await present(dirs[name], ids);
      acknowledgedCount += ids.length;
      presentCount += found.size;
      missing.push(...ids.filter((i) => !found.has(i)));
    }

    const report: BenchReport = {
      at: new Date().toISOString(),
      command: 'npm run bench',
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(totalmem() / 1e9),
        node: process.version,
        loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
      },
      settings: {
        ...settings,
        layout:
          'one process per service (as deployed), every variant up at once, load interleaved in rounds; load generator in this process',
      },
      variants: VARIANTS,
      skipped,
      hive: hiveNote,
      rows,
      writes: {
        acknowledged: acknowledgedCount,
        present: presentCount,
        missing: missing.slice(0, 20),
      },
      micro: micros,
      floor,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench-results', 'latest.json'), JSON.stringify(report, null, 2));
    printReport(report);
    console.log(`\nWritten to bench-results/latest.json (${report.seconds} s).`);
    if (report.writes.present !== report.writes.acknowledged) process.exitCode = 1;
  } finally {
    await stopAll();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(`bench failed: ${e.stack ?? e.message}`);
  process.exit(1);
});
