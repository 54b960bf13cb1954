import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { GraphQLError, type DocumentNode } from 'graphql';
import type { Express } from 'express';
import { AccessRecorder, ACCESS_EXTENSION } from '../access';
import { ReplayGuard, verifyContextToken, type CareContext, type VerifyKey } from '../context-token';
import { ErrorCode } from '../errors';
import type { PersonRegistration, RegistrationResult } from '../facts';
import { CachedGovernance, type GovernanceSource } from '../governance-source';
import type { Logger } from '../logger';
import { ServiceMetrics } from '../metrics';
import { governSchema, type GovernedContext } from '../policy/shield';
import type { DocStore } from '../store/types';
import { formatError } from './errors';
import { express, jsonBody, listen, type Listening } from './http';

export const CONTEXT_HEADER = 'x-care-context';

/** What every subgraph resolver receives. */
export interface SubgraphContext<L> extends GovernedContext {
  care: CareContext;
  loaders: L;
  log: Logger;
  /** Tells the gateway's person index about records this subgraph now holds (imports, transfers). */
  registerPeople(entries: PersonRegistration[]): Promise<RegistrationResult>;
}

export interface SubgraphDefinition<L> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<L>>;
  /** Entity keys the gateway reads to join subgraphs, e.g. `Person.nhsNumber`. */
  keyFields: string[];
  store: DocStore;
  /** Fresh DataLoaders for one request. */
  loaders(metrics: ServiceMetrics, now: Date): L;
}

export interface SubgraphRuntime {
  verifyKey: VerifyKey;
  governance: GovernanceSource;
  log: Logger;
  clock?: () => Date;
}

export interface SubgraphService {
  app: Express;
  metrics: ServiceMetrics;
  listen(port: number): Promise<Listening>;
  stop(): Promise<void>;
}

const unauthenticatedHttp = (e: unknown) =>
  new GraphQLError(e instanceof GraphQLError ? e.message : 'Unauthenticated', {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });

export async function createSubgraph<L>(
  def: SubgraphDefinition<L>,
  rt: SubgraphRuntime,
): Promise<SubgraphService> {
  const metrics = new ServiceMetrics(def.name);
  const governance = new CachedGovernance(rt.governance);
  const replay = new ReplayGuard();
  const clock = rt.clock ?? (() => new Date());
  const schema = governSchema(
    buildSubgraphSchema([
      { typeDefs: def.typeDefs, resolvers: def.resolvers as GraphQLResolverMap<unknown> },
    ]),
    {
      keyFields: def.keyFields,
    },
  );

  const reportAccess: ApolloServerPlugin<SubgraphContext<L>> = {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, errors }) {
          const op = operationName ?? 'anonymous';
          metrics.requests.inc({ operation: op });
          metrics.latency.observe({ operation: op }, Number(process.hrtime.bigint() - started) / 1e9);
          for (const e of errors ?? [])
            metrics.errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          const access = contextValue.gov?.access;
          if (response.body.kind === 'single' && access && !access.empty) {
            const report = access.toJSON();
            for (const p of report) for (const d of p.denied) metrics.denied.inc({ reason: d.reason });
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              [ACCESS_EXTENSION]: report,
            };
          }
        },
      };
    },
  };

  const server = new ApolloServer<SubgraphContext<L>>({
    schema,
    // Inline traces cost time on every request and nothing here reads them.
    plugins: [reportAccess, ApolloServerPluginInlineTraceDisabled()],
    formatError: formatError(rt.log),
    includeStacktraceInErrorResponses: false,
    // The gateway has the composed supergraph; nobody needs to introspect a subgraph.
    introspection: false,
    csrfPrevention: true,
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    try {
      await def.store.ping();
      res.json({ status: 'ok', service: def.name, store: def.store.kind });
    } catch {
      res.status(503).json({ status: 'unavailable', service: def.name, store: def.store.kind });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(
    '/graphql',
    jsonBody(),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const token = req.header(CONTEXT_HEADER);
        let care: CareContext;
        try {
          care = await verifyContextToken(token, rt.verifyKey, {
            audience: def.name,
            query: typeof req.body?.query === 'string' ? req.body.query : '',
            replay,
          });
        } catch (e) {
          throw unauthenticatedHttp(e);
        }
        const now = clock();
        const policy = await governance.policy(care.policyVersion, care.draftPolicy, token!);
        return {
          care,
          log: rt.log.child({ rid: care.requestId }),
          loaders: def.loaders(metrics, now),
          registerPeople: (entries: PersonRegistration[]) => {
            if (!rt.governance.registerPeople)
              throw new Error('this governance source cannot register people');
            return rt.governance.registerPeople(entries, token!);
          },
          gov: {
            viewer: { sub: care.sub, role: care.role, org: care.org },
            policy,
            facts: governance.factsLoader(care.factsEpoch, token!),
            access: new AccessRecorder(),
            now,
          },
        };
      },
    }),
  );

  let listening: Listening | null = null;
  return {
    app,
    metrics,
    async listen(port: number) {
      listening = await listen(app, port);
      return listening;
    },
    async stop() {
      await listening?.close();
      await server.stop();
      await def.store.close();
    },
  };
}
