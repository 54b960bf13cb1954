/**
 * In-process timings the load runs cannot isolate: what the shield adds to each subgraph's part
 * of the person query (the same subgraph built with and without it, same store, same request),
 * what one audit record costs, and what a rate-limit count in the shared store costs compared
 * with the local count used per request.
 */
import {
  ContextKeys,
  createLogger,
  NedbStore,
  type CareContext,
  type DocStore,
  type GovernanceSource,
  type SubgraphRuntime,
  type SubgraphService,
} from '@care/common';
import { createCouncilSubgraph } from '@care/council';
import { createHealthSubgraph } from '@care/health';
import { createSocialCareSubgraph } from '@care/social-care';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../gateway/src/audit/log';
import type { AuditEntry } from '../../gateway/src/audit/record';
import { apiSchemaOf } from '../../gateway/src/governance/api-schema';
import { defaultPolicy } from '../../gateway/src/governance/default-policy';
import { factsFor } from '../../gateway/src/governance/facts-service';
import { GovernanceStore } from '../../gateway/src/governance/store';
import { DEFAULT_RATE_LIMITS, RateLimiter } from '../../gateway/src/limits/rate-limit';
import { readSupergraph } from '../../gateway/src/supergraph';
import { seedAll } from '../seed-lib';
import { careOf } from './contexts';

export interface MicroResults {
  /** Mean microseconds per execution of each subgraph's part of the person query. */
  shield: { subgraph: string; onUs: number; offUs: number; addedUs: number }[];
  shieldAddedUs: number;
  audit: { memoryUs: number; diskUs: number; diskConcurrent32Us: number };
  rateLimit: { storeHitMemoryUs: number; storeHitDiskUs: number; localUs: number };
}

const PARTS: { subgraph: 'social-care' | 'health' | 'council'; selection: string }[] = [
  { subgraph: 'social-care', selection: 'socialCare { caseStatus allocatedWorker { name phone } }' },
  { subgraph: 'health', selection: 'health { registeredPractice { name } conditions { display } }' },
  { subgraph: 'council', selection: 'council { councilId }' },
];

const CREATE = {
  'social-care': createSocialCareSubgraph,
  health: createHealthSubgraph,
  council: createCouncilSubgraph,
};

async function meanUs(n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await fn();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Math.round(Number(process.hrtime.bigint() - t) / 1000 / n);
}

const round = (n: number) => Math.round(n * 10) / 10;

function readEntry(care: CareContext, nhs: string, i: number): AuditEntry {
  return {
    at: new Date().toISOString(),
    requestId: `${care.requestId}-${i}`,
    user: care.sub,
    role: care.role,
    org: care.org,
    purpose: care.purpose,
    breakGlass: false,
    kind: 'read',
    operationName: 'Person',
    operationHash: 'x'.repeat(43),
    outcome: 'partial',
    persons: [nhs],
    access: [
      {
        nhsNumber: nhs,
        allowed: [
          'Query.person',
          'Person.knownTo',
          'Person.socialCare',
          'SocialCareRecord.caseStatus',
          'SocialCareRecord.allocatedWorker',
          'Worker.name',
          'Worker.phone',
          'Person.health',
          'HealthRecord.registeredPractice',
          'GpPractice.name',
          'HealthRecord.conditions',
          'Condition.display',
        ],
        denied: [{ field: 'Person.council', reason: 'role' }],
      },
    ],
    note: null,
  };
}

export async function micro(opts: {
  people: number;
  head: { policyVersion: number; factsEpoch: number };
  person: string;
}): Promise<MicroResults> {
  const stores: Record<'governance' | 'social-care' | 'health' | 'council', DocStore> = {
    governance: new NedbStore(null),
    'social-care': new NedbStore(null),
    health: new NedbStore(null),
    council: new NedbStore(null),
  };
  await seedAll(stores, { people: opts.people, today: new Date().toISOString().slice(0, 10) });
  const gov = new GovernanceStore(stores.governance);
  const policy = defaultPolicy(apiSchemaOf(readSupergraph()));
  const source: GovernanceSource = {
    policy: async () => policy,
    facts: (n) => factsFor(gov, n, new Date()),
  };
  const care = careOf('gp', opts.head);
  const log = createLogger('bench-micro', 'silent');
  const shield: MicroResults['shield'] = [];
  for (const part of PARTS) {
    const rt = (off: boolean): SubgraphRuntime => ({
      contextKeys: ContextKeys.generate().ring,
      governance: source,
      log,
      governanceOff: off,
    });
    const services: SubgraphService[] = [
      await CREATE[part.subgraph](stores[part.subgraph], rt(false)),
      await CREATE[part.subgraph](stores[part.subgraph], rt(true)),
    ];
    const request = {
      query: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { ${part.selection} } } }`,
      variables: { representations: [{ __typename: 'Person', nhsNumber: opts.person }] },
    };
    const [onUs, offUs] = [
      await meanUs(2000, () => services[0].execute(request, care)),
      await meanUs(2000, () => services[1].execute(request, care)),
    ];
    shield.push({ subgraph: part.subgraph, onUs, offUs, addedUs: onUs - offUs });
  }

  const dir = mkdtempSync(join(tmpdir(), 'care-micro-'));
  try {
    const memLog = new AuditLog(gov.audit);
    const diskStore = new NedbStore(join(dir, 'governance'));
    const diskLog = new AuditLog(new GovernanceStore(diskStore).audit);
    let i = 0;
    const memoryUs = await meanUs(1000, () => memLog.append(readEntry(care, opts.person, i++)));
    const diskUs = await meanUs(500, () => diskLog.append(readEntry(care, opts.person, i++)));
    const concurrent = await meanUs(50, () =>
      Promise.all(Array.from({ length: 32 }, () => diskLog.append(readEntry(care, opts.person, i++)))),
    );

    const rule = { limit: 1e9, windowSeconds: 60 };
    const limits = { ...DEFAULT_RATE_LIMITS, requestsPerUser: rule };
    const memLimiter = new RateLimiter(new NedbStore(null), limits);
    const diskLimiter = new RateLimiter(diskStore, limits);
    const storeHitMemoryUs = await meanUs(1000, () => memLimiter.hit('bench', 'user', rule));
    const storeHitDiskUs = await meanUs(500, () => diskLimiter.hit('bench', 'user', rule));
    const t = process.hrtime.bigint();
    for (let k = 0; k < 100_000; k++) memLimiter.request(`user-${k % 50}`);
    const localUs = Number(process.hrtime.bigint() - t) / 1000 / 100_000;
    await memLimiter.stop();
    await diskLimiter.stop();
    await diskStore.close();
    return {
      shield,
      shieldAddedUs: shield.reduce((n, s) => n + s.addedUs, 0),
      audit: { memoryUs, diskUs, diskConcurrent32Us: round(concurrent / 32) },
      rateLimit: { storeHitMemoryUs, storeHitDiskUs, localUs: round(localUs) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
