/**
 * The whole stack in one process on loopback, on in-memory embedded stores seeded from a
 * synthetic population: for cross-service tests and benchmarks. Every service is the real one.
 */
import {
  ContextKeys,
  createLogger,
  HttpGovernanceSource,
  NedbStore,
  SUBGRAPHS,
  type DocStore,
  type Listening,
  type SubgraphName,
  type SubgraphRuntime,
  type SubgraphService,
} from '@care/common';
import { createCouncilSubgraph } from '@care/council';
import { createHealthSubgraph } from '@care/health';
import { createSocialCareSubgraph } from '@care/social-care';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfig } from '../../gateway/src/config';
import { GovernanceStore } from '../../gateway/src/governance/store';
import { createGateway, type GatewayService } from '../../gateway/src/server';
import { seedAll, type SeedResult } from '../../scripts/seed-lib';
import { GatewayClient, type DemoAccount } from './client';

const CREATE: Record<SubgraphName, (store: DocStore, rt: SubgraphRuntime) => Promise<SubgraphService>> = {
  'social-care': createSocialCareSubgraph,
  health: createHealthSubgraph,
  council: createCouncilSubgraph,
};

export interface StackOptions {
  people?: number;
  caseloadSize?: number;
  today?: string;
  gateway?: Partial<GatewayConfig>;
  /** TOTP step in seconds for the demo accounts. */
  totpPeriod?: number;
  /** Subgraphs whose store is on disk (embedded, under the stack's folder), so they can be rebooted. */
  onDisk?: SubgraphName[];
}

export interface RunningSubgraph {
  service: SubgraphService;
  listening: Listening;
  store: DocStore;
}

const storeDir = (tmp: string, name: SubgraphName) => join(tmp, 'stores', name);

export class Stack {
  private constructor(
    readonly url: string,
    readonly gateway: GatewayService,
    readonly subgraphs: Record<SubgraphName, RunningSubgraph>,
    readonly seed: SeedResult,
    readonly config: GatewayConfig,
    private readonly tmp: string,
    private readonly runtime: SubgraphRuntime,
  ) {}

  static async start(opts: StackOptions = {}): Promise<Stack> {
    const tmp = mkdtempSync(join(tmpdir(), 'care-stack-'));
    const config: GatewayConfig = {
      port: 0,
      dataDir: tmp,
      keysDir: join(tmp, 'keys'),
      inMemory: true,
      subgraphUrls: { 'social-care': '', health: '', council: '' },
      subgraphTimeoutMs: 2000,
      sessionTtlSeconds: 900,
      maxLoginFailures: 5,
      lockMinutes: 15,
      consentConfirmDays: 7,
      breakGlassMinutes: 30,
      presenceHours: 12,
      introspection: true,
      webDir: join(tmp, 'no-web'),
      clock: () => new Date(),
      ...opts.gateway,
    };
    const gateway = await createGateway(config);
    const onDisk = new Set(opts.onDisk ?? []);
    const stores = {} as Record<SubgraphName, DocStore>;
    for (const name of SUBGRAPHS) stores[name] = new NedbStore(onDisk.has(name) ? storeDir(tmp, name) : null);
    const seed = await seedAll(
      { governance: gateway.services.store.store, ...stores },
      {
        people: opts.people ?? 400,
        caseloadSize: opts.caseloadSize,
        today: opts.today ?? new Date().toISOString().slice(0, 10),
        totpPeriod: opts.totpPeriod ?? 30,
      },
    );
    const gw = await gateway.listen(0);
    const runtime: SubgraphRuntime = {
      contextKeys: ContextKeys.loadOrCreate(config.keysDir).ring,
      governance: new HttpGovernanceSource(gw.url),
      log: createLogger('stack', 'silent'),
      clock: config.clock,
    };
    const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
    for (const name of SUBGRAPHS) {
      const service = await CREATE[name](stores[name], runtime);
      const listening = await service.listen(0);
      subgraphs[name] = { service, listening, store: stores[name] };
      config.subgraphUrls[name] = `${listening.url}/graphql`;
    }
    return new Stack(gw.url, gateway, subgraphs, seed, config, tmp, runtime);
  }

  get governance(): GovernanceStore {
    return this.gateway.services.store;
  }

  /** Runs `fn` while the audit store refuses every record (a full disk, a lost connection). */
  async withAuditRefusing<T>(fn: () => Promise<T>): Promise<T> {
    const audit = this.governance.audit;
    const original = audit.insertMany.bind(audit);
    audit.insertMany = () => Promise.reject(new Error('disk full'));
    try {
      return await fn();
    } finally {
      audit.insertMany = original;
    }
  }

  account(role: string): DemoAccount {
    const u = this.seed.demoUsers.find((d) => d.role === role);
    if (!u) throw new Error(`no demo account for ${role}`);
    return { username: u.username, password: u.password, totpSecret: u.totpSecret, totpStep: u.totpStep };
  }

  client(): GatewayClient {
    return new GatewayClient(this.url, () => this.config.clock().getTime());
  }

  private readonly signedIn = new Map<string, Promise<GatewayClient>>();

  /**
   * A client signed in as the role's demo account. One sign-in per role per stack: one-time codes
   * are single-use, so a second sign-in would have to wait for the next time step.
   */
  as(role: string): Promise<GatewayClient> {
    let c = this.signedIn.get(role);
    if (!c) {
      const client = this.client();
      c = client.login(this.account(role)).then(() => client);
      this.signedIn.set(role, c);
    }
    return c;
  }

  /** Stops one subgraph's HTTP listener (its store stays), to simulate a source going down. */
  async stopSubgraph(name: SubgraphName): Promise<void> {
    await this.subgraphs[name].listening.close();
  }

  /** Starts a stopped subgraph again on the same port, over the same store. */
  async restartSubgraph(name: SubgraphName): Promise<void> {
    const sub = this.subgraphs[name];
    sub.listening = await sub.service.listen(sub.listening.port);
  }

  /**
   * Stops a subgraph as its process stops on SIGTERM (drains requests in flight, closes its store),
   * leaving its port free. Only for a subgraph whose store is on disk, which `bootSubgraph` reopens.
   */
  async shutDownSubgraph(name: SubgraphName): Promise<void> {
    await this.subgraphs[name].service.stop();
  }

  /**
   * Starts a new subgraph service on the same port over its store reopened from disk: a real
   * restart, so a write that was acknowledged but only ever held in memory is gone.
   */
  async bootSubgraph(name: SubgraphName): Promise<void> {
    if (!existsSync(storeDir(this.tmp, name)))
      throw new Error(`${name} was not started with its store on disk (Stack.start({ onDisk }))`);
    const port = this.subgraphs[name].listening.port;
    const store = new NedbStore(storeDir(this.tmp, name));
    await store.ping();
    const service = await CREATE[name](store, this.runtime);
    this.subgraphs[name] = { service, listening: await service.listen(port), store };
  }

  storeReads(): Record<SubgraphName | 'governance', number> {
    return {
      'social-care': this.subgraphs['social-care'].store.stats.reads,
      health: this.subgraphs.health.store.stats.reads,
      council: this.subgraphs.council.store.stats.reads,
      governance: this.governance.store.stats.reads,
    };
  }

  async stop(): Promise<void> {
    for (const s of Object.values(this.subgraphs)) await s.service.stop().catch(() => undefined);
    await this.gateway.stop();
    rmSync(this.tmp, { recursive: true, force: true });
  }
}
