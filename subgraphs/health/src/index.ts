import { createSubgraph, type DocStore, type SubgraphRuntime, type SubgraphService } from '@care/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { healthLoaders } from './loaders';
import { healthResolvers } from './resolvers';
import { HealthDocStore } from './store/doc-store';
import { dischargeLoaders } from './discharge/loaders';
import { DischargeStore } from './discharge/store';
import { fhirServices } from './fhir/resolvers';

export const HEALTH_SCHEMA = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
export { HealthDocStore } from './store/doc-store';
export type * from './store/port';
export { ENTERED_IN_ERROR } from './store/port';
export { seedHealth } from './seed';

export async function createHealthSubgraph(store: DocStore, rt: SubgraphRuntime): Promise<SubgraphService> {
  const health = new HealthDocStore(store);
  await health.ensureIndexes();
  const notices = new DischargeStore(store);
  await notices.ensureIndexes();
  const fhir = await fhirServices(store, health);
  return createSubgraph(
    {
      name: 'health',
      typeDefs: parse(HEALTH_SCHEMA),
      resolvers: healthResolvers(health, notices, fhir) as never,
      keyFields: [
        'Person.nhsNumber',
        'OrganisationReport.organisation',
        'OrganisationReport.from',
        'OrganisationReport.to',
      ],
      store,
      loaders: (env, now) => ({
        ...healthLoaders(health, env, now),
        ...dischargeLoaders(notices, env),
      }),
    },
    rt,
  );
}
