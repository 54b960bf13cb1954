import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import {
  defaultFieldResolver,
  GraphQLError,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { Express } from 'express';
import { AccessRecorder, ACCESS_EXTENSION } from '../access';
import type { ContextKeyring } from '../context-keys';
import { ReplayGuard, verifyContextToken, type CareContext } from '../context-token';
import { badInput, ErrorCode } from '../errors';
import type { PersonRegistration, RegistrationOptions, RegistrationResult, Unlinking } from '../facts';
import { CachedGovernance, type GovernanceSource } from '../governance-source';
import type { Logger } from '../logger';
import { isValidNhsNumber } from '../nhs-number';
import { ServiceMetrics } from '../metrics';
import { governSchema, type GovernedContext } from '../policy/shield';
import type { PolicyDocument } from '../policy/types';
import type { DocStore } from '../store/types';
import { FactsGate } from '../facts-gate';
import type { LoaderEnv } from '../loaders';
import { assertGovernanceOffAllowed, readUnsignedContext } from './bench-mode';
import { formatError } from './errors';
import { bytesOf, graphqlFastPath } from './graphql-http';
import { bodyLimit, express, httpErrors, jsonBody, listen, type Listening } from './http';
import type { IncomingMessage, RequestListener } from 'node:http';
import { armor, limitsFromEnv, maskSuggestions, SUBGRAPH_LIMITS, type QueryLimits } from './limits';
import { textInputGuard } from './text-input';
import { observeRequests } from './observe';

export const CONTEXT_HEADER = 'x-care-context';

/** What every subgraph resolver receives. */
export interface SubgraphContext<L> extends GovernedContext {
  care: CareContext;
  loaders: L;
  log: Logger;
  /** Tells the gateway's person index about records this subgraph now holds (imports, transfers). */
  registerPeople(entries: PersonRegistration[], opts?: RegistrationOptions): Promise<RegistrationResult>;
  /** Takes back the link one of this subgraph's records made in the person index (an undone import). */
  unlinkPerson(entry: Unlinking): Promise<{ unlinked: boolean }>;
}

export interface SubgraphDefinition<L> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<L>>;
  /** Entity keys the gateway reads to join subgraphs, e.g. `Person.nhsNumber`. */
  keyFields: string[];
  store: DocStore;
  /** Fresh DataLoaders for one request. */
  loaders(env: LoaderEnv, now: Date): L;
}

export interface SubgraphRuntime {
  /** The key the gateway signs this subgraph's context tokens with (its own, and no other). */
  contextKeys: ContextKeyring;
  governance: GovernanceSource;
  log: Logger;
  clock?: () => Date;
  /** Document limits (depth, aliases…); defaults to SUBGRAPH_LIMITS with LIMIT_* overrides. */
  limits?: QueryLimits;
  /**
   * BENCHMARK ONLY: no shield, no access report, and an unsigned context accepted. Refused when
   * NODE_ENV=production; logged as an error at start. Never set it anywhere else.
   */
  governanceOff?: boolean;
}

/** One GraphQL operation, as a gateway sends it. */
export interface SubgraphRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface SubgraphResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

export interface SubgraphService {
  app: Express;
  metrics: ServiceMetrics;
  listen(port: number): Promise<Listening>;
  /**
   * Runs one operation in this process for a caller its host has already authenticated: the
   * gateway calls the governance subgraph it hosts this way (same schema, shield and access
   * report as over HTTP, without a loopback round trip and a token signed only to be verified).
   */
  execute(request: SubgraphRequest, care: CareContext): Promise<SubgraphResult>;
  stop(): Promise<void>;
}

const unauthenticatedHttp = (e: unknown) =>
  new GraphQLError(e instanceof GraphQLError ? e.message : 'Unauthenticated', {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });

const NO_POLICY: PolicyDocument = { fields: {} };

/**
 * Entity representations arrive as `_Any`, so no scalar checks their keys: a caller holding a
 * valid token could send `{"nhsNumber": {"$gt": ""}}` to a store query. Key fields are checked
 * here as an argument would be, before any reference resolver runs.
 */
function guardRepresentations(schema: GraphQLSchema, keyFields: string[]): void {
  const field = schema.getQueryType()?.getFields()._entities;
  if (!field) return;
  const keys = new Map<string, string[]>();
  for (const k of keyFields) {
    const [type, name] = k.split('.');
    keys.set(type, [...(keys.get(type) ?? []), name]);
  }
  const resolve = field.resolve ?? defaultFieldResolver;
  field.resolve = (source, args: { representations?: unknown }, ctx, info) => {
    const reps = args.representations;
    if (!Array.isArray(reps))
      throw badInput('representations must be a list', { argument: 'representations' });
    for (const rep of reps as unknown[]) {
      const r = rep as Record<string, unknown> | null;
      if (!r || typeof r !== 'object' || typeof r.__typename !== 'string')
        throw badInput('Each representation needs a __typename', { argument: 'representations' });
      for (const name of keys.get(r.__typename) ?? []) {
        const v = r[name];
        if (typeof v !== 'string' || (name === 'nhsNumber' && !isValidNhsNumber(v))) {
          throw badInput(`${r.__typename}.${name} in a representation must be a valid key`, {
            argument: 'representations',
          });
        }
      }
    }
    return resolve(source, args, ctx, info);
  };
}

export async function createSubgraph<L>(
  def: SubgraphDefinition<L>,
  rt: SubgraphRuntime,
): Promise<SubgraphService> {
  const metrics = new ServiceMetrics(def.name);
  const governance = new CachedGovernance(rt.governance);
  const replay = new ReplayGuard();
  const clock = rt.clock ?? (() => new Date());
  const off = rt.governanceOff === true;
  if (off) {
    assertGovernanceOffAllowed();
    rt.log.error(
      { subgraph: def.name },
      'GOVERNANCE OFF (benchmark only): no field shielding, no access reports, unsigned contexts accepted',
    );
  }
  const built = buildSubgraphSchema([
    { typeDefs: def.typeDefs, resolvers: def.resolvers as GraphQLResolverMap<unknown> },
  ]);
  guardRepresentations(built, def.keyFields);
  const schema = off ? built : governSchema(built, { keyFields: def.keyFields });

  const reportAccess: ApolloServerPlugin<SubgraphContext<L>> = {
    async requestDidStart({ contextValue }) {
      return {
        async willSendResponse({ response }) {
          const access = contextValue.gov?.access;
          if (response.body.kind === 'single' && access && !access.empty) {
            const report = access.toJSON();
            for (const g of report)
              for (const d of g.denied) metrics.denied.inc({ reason: d.reason }, g.persons.length);
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              [ACCESS_EXTENSION]: report,
            };
          }
        },
      };
    },
  };

  const limits = armor(rt.limits ?? limitsFromEnv(SUBGRAPH_LIMITS, 'SUBGRAPH_LIMIT_'));
  const server = new ApolloServer<SubgraphContext<L>>({
    schema,
    plugins: [
      reportAccess,
      observeRequests<SubgraphContext<L>>(metrics, rt.log, {
        requestId: (c) => (c as Partial<SubgraphContext<L>>).care?.requestId,
      }),
      // Only the gateway calls a subgraph: nobody needs schema hints, and a prober gets none.
      maskSuggestions(() => false),
      textInputGuard(),
      // Inline traces cost time on every request and nothing here reads them.
      ApolloServerPluginInlineTraceDisabled(),
      // Nothing here sets cache hints; the default cache-control plugin wraps every field resolver
      // to collect them (a tenth of a caseload's execution time, measured).
      ApolloServerPluginCacheControlDisabled(),
    ],
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: formatError(rt.log),
    includeStacktraceInErrorResponses: false,
    // The gateway has the composed supergraph; nobody needs to introspect a subgraph.
    introspection: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
  });
  await server.start();

  let offPolicy: Promise<PolicyDocument> | null = null;
  const contextFor = async (care: CareContext, token: string): Promise<SubgraphContext<L>> => {
    const now = clock();
    const policy = off
      ? await (offPolicy ??= governance.policy(care.policyVersion, null, token).catch(() => NO_POLICY))
      : await governance.policy(care.policyVersion, care.draftPolicy, token);
    const gate = new FactsGate();
    return {
      care,
      log: rt.log.child({ rid: care.requestId }),
      loaders: def.loaders({ metrics, schedule: gate.schedule }, now),
      registerPeople: (entries: PersonRegistration[], opts?: RegistrationOptions) => {
        if (!rt.governance.registerPeople) throw new Error('this governance source cannot register people');
        return rt.governance.registerPeople(entries, token, opts);
      },
      unlinkPerson: (entry: Unlinking) => {
        if (!rt.governance.unlinkPerson) throw new Error('this governance source cannot unlink people');
        return rt.governance.unlinkPerson(entry, token);
      },
      gov: {
        viewer: { sub: care.sub, role: care.role, org: care.org },
        policy,
        facts: governance.factsLoader(care.factsEpoch, token),
        cachedFacts: (nhs: string) => governance.peek(care.factsEpoch, nhs),
        gate,
        access: new AccessRecorder(),
        now,
        standings: new Map(),
        ...(off ? { off } : {}),
      },
    };
  };

  const app = express();
  app.disable('x-powered-by');
  // GraphQL POST answers are never revalidated: hashing each body for an ETag is wasted work.
  app.set('etag', false);
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
  const httpContext = async (
    req: IncomingMessage,
    body: unknown,
    setHeader: (name: string, value: string) => void,
  ): Promise<SubgraphContext<L>> => {
    const header = req.headers[CONTEXT_HEADER];
    const token = typeof header === 'string' ? header : undefined;
    const sent = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    let care: CareContext;
    try {
      const unsigned = off ? readUnsignedContext(token) : null;
      care =
        unsigned ??
        verifyContextToken(token, rt.contextKeys, {
          audience: def.name,
          request: {
            query: typeof sent.query === 'string' ? sent.query : '',
            variables: sent.variables,
            operationName: sent.operationName,
          },
          replay,
        });
    } catch (e) {
      throw unauthenticatedHttp(e);
    }
    if (care.requestId) setHeader('x-request-id', care.requestId);
    return contextFor(care, token ?? '');
  };
  app.use(
    '/graphql',
    jsonBody(),
    expressMiddleware(server, {
      context: ({ req, res }) => httpContext(req, req.body, (n, v) => res.setHeader(n, v)),
    }),
  );
  app.use(httpErrors(rt.log));
  const handler: RequestListener = graphqlFastPath(
    {
      server,
      path: '/graphql',
      bodyLimit: bytesOf(bodyLimit()),
      context: (req, res, body) => httpContext(req, body, (n, v) => res.setHeader(n, v)),
    },
    app,
  );

  let listening: Listening | null = null;
  return {
    app,
    metrics,
    async listen(port: number) {
      listening = await listen(handler, port);
      return listening;
    },
    async execute(request, care) {
      const res = await server.executeOperation(request, { contextValue: await contextFor(care, '') });
      if (res.body.kind !== 'single')
        return { errors: [{ message: 'Incremental delivery is not supported' }] };
      const { data, errors, extensions } = res.body.singleResult;
      return { data, errors, extensions };
    },
    async stop() {
      await listening?.close();
      await server.stop();
      await def.store.close();
    },
  };
}
