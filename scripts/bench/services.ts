/**
 * The stack as it is deployed: each subgraph and the gateway in its own Node process (the same
 * entry points as `npm start`), on loopback ports of their own, over the embedded store on disk.
 */
import { ContextKeys, openStore, type DocStore } from '@care/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { GovernanceStore } from '../../gateway/src/governance/store';
import { seedAll, type SeedResult, type SeedStores } from '../seed-lib';
import { serviceArgs } from '../service-process';

export const ROOT = resolve(__dirname, '..', '..');

export type Service = 'gateway' | 'social-care' | 'health' | 'council';

export interface Ports {
  gateway: number;
  'social-care': number;
  health: number;
  council: number;
}

export const portsFrom = (base: number): Ports => ({
  gateway: base,
  'social-care': base + 1,
  health: base + 2,
  council: base + 3,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seeds every service's embedded store under `dir` from one synthetic population. */
export async function seedDir(
  dir: string,
  people: number,
  caseloadSize: number,
): Promise<SeedResult & { head: { policyVersion: number; factsEpoch: number } }> {
  ContextKeys.loadOrCreate(join(dir, 'keys'));
  const open = (database: string): Promise<DocStore> => openStore({ dataDir: dir, database });
  const stores: SeedStores = {
    governance: await open('governance'),
    'social-care': await open('social-care'),
    health: await open('health'),
    council: await open('council'),
  };
  const result = await seedAll(stores, {
    people,
    caseloadSize,
    today: new Date().toISOString().slice(0, 10),
    totpPeriod: 30,
  });
  const head = await new GovernanceStore(stores.governance).readHead();
  await Promise.all(Object.values(stores).map((s) => s.close()));
  return { ...result, head: { policyVersion: head.policyVersion, factsEpoch: head.factsEpoch } };
}

export async function waitFor(url: string, timeoutMs = 60_000, wantOk = true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (!wantOk || res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(150);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export class ServiceProcess {
  private exited: Promise<void>;
  readonly output: string[] = [];

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((done) => child.once('exit', () => done()));
    const keep = (b: Buffer) => {
      this.output.push(b.toString());
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGTERM (graceful drain), then SIGKILL if it has not gone within 10 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export function spawnService(
  service: Service,
  dir: string,
  ports: Ports,
  extraEnv: Record<string, string> = {},
): ServiceProcess {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof/{service}", profiles every service;
  // {service} becomes the service's name.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '')
    .split(' ')
    .filter(Boolean)
    .map((a) => a.replaceAll('{service}', service));
  const child = spawn(process.execPath, serviceArgs(ROOT, service, nodeArgs), {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dir,
      HOST: '127.0.0.1',
      GATEWAY_PORT: String(ports.gateway),
      SOCIAL_CARE_PORT: String(ports['social-care']),
      HEALTH_PORT: String(ports.health),
      COUNCIL_PORT: String(ports.council),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new ServiceProcess(service, child);
}

/** The gateway first (it serves the governance API the subgraphs read), then the subgraphs. */
export async function startStack(
  dir: string,
  ports: Ports,
  env: { gateway?: Record<string, string>; subgraphs?: Record<string, string> } = {},
): Promise<ServiceProcess[]> {
  const procs: ServiceProcess[] = [];
  const gateway = spawnService('gateway', dir, ports, env.gateway);
  procs.push(gateway);
  try {
    await waitFor(`http://127.0.0.1:${ports.gateway}/health`);
    for (const s of ['social-care', 'health', 'council'] as const) {
      const p = spawnService(s, dir, ports, env.subgraphs);
      procs.push(p);
    }
    for (const s of ['social-care', 'health', 'council'] as const)
      await waitFor(`http://127.0.0.1:${ports[s]}/health`);
  } catch (e) {
    for (const p of procs) console.error(`--- ${p.name}\n${p.output.join('')}`);
    await Promise.all(procs.map((p) => p.stop()));
    throw e;
  }
  return procs;
}
