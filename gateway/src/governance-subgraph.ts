import {
  createSubgraph,
  type DocStore,
  type GovernanceSource,
  type Logger,
  type ContextKeyring,
} from '@care/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { factsFor } from './governance/facts-service';
import { governanceLoaders } from './resolvers/loaders';
import { governanceResolvers } from './resolvers';
import type { GovernanceServices } from './resolvers/services';

export const GOVERNANCE_SCHEMA = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');

/**
 * The governance subgraph: sign-in, the person index entry point, consent, break-glass, policy
 * administration and audit search. It runs inside the gateway process but is served and
 * shielded like every other subgraph, so a compiled router could front it unchanged.
 */
export function createGovernanceSubgraph(
  services: GovernanceServices,
  docStore: DocStore,
  rt: { contextKeys: ContextKeyring; log: Logger; clock: () => Date; governanceOff?: boolean },
) {
  // In process: the governance facts come straight from the store, not over HTTP.
  const governance: GovernanceSource = {
    policy: (version, draft) => services.policy.document(version, draft, rt.clock()),
    facts: (nhsNumbers) => factsFor(services.store, nhsNumbers, rt.clock()),
    registerPeople: (entries, _token, opts) => services.index.register(entries, rt.clock(), opts),
  };
  return createSubgraph(
    {
      name: 'governance',
      typeDefs: parse(GOVERNANCE_SCHEMA),
      resolvers: governanceResolvers(services) as never,
      keyFields: ['Person.nhsNumber'],
      store: docStore,
      loaders: (env) => governanceLoaders(services.store, env),
    },
    {
      contextKeys: rt.contextKeys,
      governance,
      log: rt.log,
      clock: rt.clock,
      governanceOff: rt.governanceOff,
    },
  );
}
