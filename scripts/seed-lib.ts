import {
  generatePopulation,
  summarise,
  type DocStore,
  type GenerateOptions,
  type Population,
  type SeedSummary,
} from '@care/common';
import { seedCouncil } from '@care/council';
import { seedHealth } from '@care/health';
import { seedSocialCare } from '@care/social-care';
import { apiSchemaOf } from '../gateway/src/governance/api-schema';
import { DEMO_USERS } from '../gateway/src/governance/demo-users';
import { seedGovernance } from '../gateway/src/governance/seed';
import { GovernanceStore } from '../gateway/src/governance/store';
import { readSupergraph } from '../gateway/src/supergraph';

export interface SeedStores {
  governance: DocStore;
  'social-care': DocStore;
  health: DocStore;
  council: DocStore;
}

export interface SeedResult {
  population: Population;
  summary: SeedSummary;
  counts: Record<string, number>;
  demoUsers: {
    username: string;
    role: string;
    organisation: string;
    password: string;
    totpSecret: string;
    totpStep: number;
  }[];
}

/** Seeds every service's store from one deterministic synthetic population. */
export async function seedAll(
  stores: SeedStores,
  opts: GenerateOptions & { totpPeriod?: number } = {},
): Promise<SeedResult> {
  const population = generatePopulation(opts);
  const totpPeriod = opts.totpPeriod ?? 30;
  const [gov, sc, health, council] = await Promise.all([
    seedGovernance(new GovernanceStore(stores.governance), population, apiSchemaOf(readSupergraph()), {
      totpPeriod,
      now: new Date(),
    }),
    seedSocialCare(stores['social-care'], population),
    seedHealth(stores.health, population),
    seedCouncil(stores.council, population),
  ]);
  return {
    population,
    summary: summarise(population),
    counts: {
      people: population.people.length,
      personIndex: gov.persons,
      consents: gov.consents,
      heldForMatching: gov.held,
      socialCareRecords: sc.records,
      healthRecords: health.records,
      councilRecords: council.records,
    },
    demoUsers: DEMO_USERS.map((u) => ({
      username: u.username,
      role: u.role,
      organisation: `${u.orgName} (${u.org})`,
      password: u.password,
      totpSecret: u.totpSecret,
      totpStep: totpPeriod,
    })),
  };
}
