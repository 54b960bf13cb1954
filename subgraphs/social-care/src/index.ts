import { createSubgraph, type DocStore, type SubgraphRuntime, type SubgraphService } from '@care/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { socialCareLoaders } from './loaders';
import { socialCareResolvers } from './resolvers';
import { SocialCareDocStore } from './store/doc-store';
import { workflowLoaders } from './workflows/loaders';
import { StatementSeal } from './workflows/financial/seal';
import { WorkflowStore } from './workflows/store';

export const SOCIAL_CARE_SCHEMA = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
export { SocialCareDocStore } from './store/doc-store';
export { seedSocialCare } from './seed';
export type { ClientDoc, ReferralDoc, SocialCareStore } from './store/port';

export async function createSocialCareSubgraph(
  store: DocStore,
  rt: SubgraphRuntime,
): Promise<SubgraphService> {
  const socialCare = new SocialCareDocStore(store);
  await socialCare.ensureIndexes();
  const workflows = new WorkflowStore(store);
  await workflows.ensureIndexes();
  const key = rt.contextKeys('social-care');
  if (!key) throw new Error('social care has no context key: it cannot check tokens or seal statements');
  return createSubgraph(
    {
      name: 'social-care',
      typeDefs: parse(SOCIAL_CARE_SCHEMA),
      resolvers: socialCareResolvers(socialCare, workflows, store, new StatementSeal(key.secret)) as never,
      keyFields: [
        'Person.nhsNumber',
        'Correction.id',
        'OrganisationReport.organisation',
        'OrganisationReport.from',
        'OrganisationReport.to',
      ],
      store,
      loaders: (env) => ({
        ...socialCareLoaders(socialCare, env),
        ...workflowLoaders(workflows, env),
      }),
    },
    rt,
  );
}
