import { createSubgraph, type DocStore, type SubgraphRuntime, type SubgraphService } from '@care/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { councilLoaders } from './loaders';
import { councilResolvers } from './resolvers';
import { CouncilDocStore } from './store/doc-store';

export const COUNCIL_SCHEMA = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
export { CouncilDocStore } from './store/doc-store';
export type { CouncilStore, ResidentDoc } from './store/port';

export async function createCouncilSubgraph(store: DocStore, rt: SubgraphRuntime): Promise<SubgraphService> {
  const council = new CouncilDocStore(store);
  await council.ensureIndexes();
  return createSubgraph(
    {
      name: 'council',
      typeDefs: parse(COUNCIL_SCHEMA),
      resolvers: councilResolvers(council) as never,
      keyFields: ['Person.nhsNumber'],
      store,
      loaders: (env) => councilLoaders(council, env),
    },
    rt,
  );
}
export { seedCouncil, residentFor } from './seed';
