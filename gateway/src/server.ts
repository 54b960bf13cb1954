import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import {
  armor,
  assertGovernanceOffAllowed,
  bodyLimit,
  bytesOf,
  careError,
  ContextKeys,
  createLogger,
  Drain,
  ErrorCode,
  express,
  formatError,
  GATEWAY_LIMITS,
  graphqlFastPath,
  httpErrors,
  jsonBody,
  listen,
  loggableError,
  maskSuggestions,
  textInputGuard,
  observeRequests,
  openStore,
  requestIdOf,
  ServiceMetrics,
  unsignedContextHeader,
  type CareContext,
  type Listening,
  type Logger,
  type SubgraphName,
} from '@care/common';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyAddr from 'proxy-addr';
import { join } from 'node:path';
import { AuditLog } from './audit/log';
import { auditPlugin } from './audit/plugin';
import { LoginService } from './auth/login';
import { OidcVerifier } from './auth/oidc';
import { SessionTokens, type SessionUser } from './auth/session';
import { loadOrCreateSessionKeys } from './auth/session-keys';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { CareDataSource, LocalCareDataSource, SubgraphTransport, type ContextHeader } from './datasource';
import { createGovernanceSubgraph } from './governance-subgraph';
import { apiSchemaOf, coordinatesOf } from './governance/api-schema';
import { ConsentService } from './governance/consent-service';
import { HeadCache } from './governance/head-cache';
import { notifyUnscheduledViews } from './governance/notifications';
import { MatchDecisions, type Execute } from './governance/matching';
import { PersonIndex } from './governance/person-index';
import { defaultPolicy } from './governance/default-policy';
import { policyGaps } from './governance/policy-gaps';
import { PolicyService } from './governance/policy-service';
import { GovernanceStore } from './governance/store';
import { WindowsService } from './governance/windows-service';
import { internalApi } from './internal-api';
import { operationChoice } from './limits/operation-choice';
import { loginRateLimit, rememberAddress } from './limits/login-limit';
import { DEFAULT_RATE_LIMITS, RateLimiter, rateLimited } from './limits/rate-limit';
import { VerifiedSessions } from './limits/verified-sessions';
import type { GovernanceServices, PreviewOutcome } from './resolvers/services';
import { readSupergraph } from './supergraph';
import { landingPage } from './web';

const PURPOSES = new Set(['direct_care', 'safeguarding', 'administration', 'audit']);

export interface GatewayService {
  services: GovernanceServices;
  metrics: ServiceMetrics;
  log: Logger;
  listen(port?: number): Promise<Listening>;
  stop(): Promise<void>;
}

export async function createGateway(cfg: GatewayConfig): Promise<GatewayService> {
  const log = cfg.log ?? createLogger('gateway');
  const metrics = new ServiceMetrics('gateway');
  const governanceOff = cfg.governance === 'off';
  if (governanceOff) {
    assertGovernanceOffAllowed();
    log.error('GOVERNANCE OFF (benchmark only): no field shielding and NO AUDIT TRAIL for any request');
  }
  const docStore = await openStore(
    { mongodbUri: cfg.mongodbUri, dataDir: cfg.dataDir, database: 'governance', inMemory: cfg.inMemory },
    log,
  );
  const store = new GovernanceStore(docStore);
  await store.ensureIndexes();
  const contextKeys = ContextKeys.loadOrCreate(cfg.keysDir);
  const sessionKeys = await loadOrCreateSessionKeys(join(cfg.keysDir, 'session'));
  const signer = contextKeys.signer();
  const sessions = new SessionTokens(sessionKeys.privateKey, sessionKeys.publicKey, cfg.sessionTtlSeconds);
  const verifiedSessions = new VerifiedSessions(sessions);
  const limiter = new RateLimiter(docStore, { ...DEFAULT_RATE_LIMITS, ...cfg.rateLimits }, log);
  const oidc = OidcVerifier.fromEnv(process.env);

  const supergraphSdl = readSupergraph();
  const apiSchema = apiSchemaOf(supergraphSdl);
  const head = new HeadCache(store);
  const audit = new AuditLog(store.audit);
  const policy = new PolicyService(store, coordinatesOf(apiSchema), head);
  const windows = new WindowsService(store, head, {
    breakGlassMinutes: cfg.breakGlassMinutes,
    presenceHours: cfg.presenceHours,
  });
  let server: ApolloServer<GatewayContext> | null = null;
  const index = new PersonIndex(store, head);
  const execute: Execute = async (as, query, variables, opts = {}) => {
    if (!server) throw new Error('gateway not started');
    const fold = opts.foldAccessInto;
    const contextValue: GatewayContext = { care: as, access: [], auditedByCaller: !!fold };
    const res = await server.executeOperation({ query, variables }, { contextValue });
    // Whatever the outcome, what the read touched is recorded before anything of it is used.
    fold?.(contextValue.access);
    if (res.body.kind !== 'single') {
      return {
        data: null,
        errors: [{ message: 'incremental delivery is not supported', code: null, source: null }],
      };
    }
    const { data, errors = [] } = res.body.singleResult;
    return {
      data: (data as Record<string, unknown> | null | undefined) ?? null,
      errors: errors.map((e) => ({
        message: e.message,
        code: typeof e.extensions?.code === 'string' ? e.extensions.code : null,
        source: typeof e.extensions?.source === 'string' ? e.extensions.source : null,
      })),
    };
  };

  const services: GovernanceServices = {
    store,
    policy,
    consents: new ConsentService(store, head, { confirmDays: cfg.consentConfirmDays }),
    windows,
    login: new LoginService(store, sessions, audit, {
      maxFailures: cfg.maxLoginFailures,
      lockMinutes: cfg.lockMinutes,
    }),
    audit,
    index,
    matches: new MatchDecisions(store, index, execute),
    execute,
    apiSchema,
    async preview(as, query, variables): Promise<PreviewOutcome> {
      if (!server) throw new Error('gateway not started');
      const res = await server.executeOperation(
        { query, variables },
        { contextValue: { care: as, access: [] } },
      );
      if (res.body.kind !== 'single')
        return { data: null, denied: [], errors: ['incremental delivery is not supported'] };
      const { data, errors = [] } = res.body.singleResult;
      return {
        data: data ? JSON.stringify(data) : null,
        denied: errors
          .filter((e) => e.extensions?.code === ErrorCode.FORBIDDEN)
          .map((e) => ({
            path: (e.path ?? []).join('.'),
            reason: String(e.extensions?.reason ?? ''),
            message: e.message,
          })),
        errors: errors.filter((e) => e.extensions?.code !== ErrorCode.FORBIDDEN).map((e) => e.message),
      };
    },
  };

  const app = express();
  const drain = new Drain();
  app.disable('x-powered-by');
  // GraphQL POST answers are never revalidated: hashing each body for an ETag is wasted work.
  app.set('etag', false);
  let listening: Listening | null = null;
  const selfUrl = () => listening?.url ?? `http://127.0.0.1:${cfg.port}`;

  const governanceSubgraph = await createGovernanceSubgraph(services, docStore, {
    contextKeys: contextKeys.ring,
    log: log.child({ subgraph: 'governance' }),
    clock: cfg.clock,
    governanceOff,
  });
  app.use('/subgraphs/governance', governanceSubgraph.app);
  app.use(
    '/internal',
    internalApi({
      store,
      policy,
      index: services.index,
      contextKeys: contextKeys.ring,
      seal: contextKeys.seal,
      clock: cfg.clock,
    }),
  );

  const transport = new SubgraphTransport();
  const timeoutOf = (name: SubgraphName): number => {
    const ms = cfg.subgraphTimeouts?.[name] ?? cfg.subgraphTimeoutMs;
    if (!Number.isInteger(ms) || ms <= 0)
      throw new Error(`The timeout for ${name} must be a whole number of ms above 0, got ${ms}`);
    return ms;
  };
  const urlOf = (name: string): string =>
    name === 'governance'
      ? `${selfUrl()}/subgraphs/governance/graphql`
      : cfg.subgraphUrls[name as SubgraphName];
  // BENCH ONLY: CARE_BENCH_UNSIGNED=1 with governance off sends the context unsigned, as Hive
  // Gateway (which cannot sign) does in the benchmark, so that the two are compared like for like.
  const unsigned = governanceOff && process.env.CARE_BENCH_UNSIGNED === '1';
  const contextHeader: ContextHeader = unsigned
    ? (care) => unsignedContextHeader(care)
    : (care, name, request) => signer.sign(care, name, request);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) =>
      name === 'governance'
        ? new LocalCareDataSource(name, () => governanceSubgraph, metrics)
        : new CareDataSource(
            name,
            () => urlOf(name),
            contextHeader,
            metrics,
            transport,
            timeoutOf(name as SubgraphName),
          ),
    logger: {
      debug: () => {},
      info: () => {},
      warn: (m) => log.warn(String(m)),
      error: (m) => log.error(String(m)),
    },
  });

  const limits = armor(cfg.limits ?? GATEWAY_LIMITS);
  server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: cfg.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    formatError: formatError(log),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are set or read: skip the plugin that would collect them per request.
      ApolloServerPluginCacheControlDisabled(),
      observeRequests<GatewayContext>(metrics, log, {
        requestId: (c) => (c as Partial<GatewayContext>).care?.requestId,
        // Each subgraph reports its own fields, so denials count the same unmerged; a folded read's
        // are counted in the request it is folded into.
        access: (c) =>
          (c as Partial<GatewayContext>).auditedByCaller ? [] : (c as Partial<GatewayContext>).access,
      }),
      maskSuggestions<GatewayContext>(
        (c) => cfg.fieldSuggestions !== 'never' && !!c.care && c.care.role !== 'anonymous',
      ),
      operationChoice<GatewayContext>(),
      textInputGuard<GatewayContext>(),
      loginRateLimit<GatewayContext>(limiter),
      ...(governanceOff
        ? []
        : [
            auditPlugin(audit, log, {
              onUnscheduledView: (ctx, views) =>
                notifyUnscheduledViews(store, windows, ctx.care, views, cfg.clock()),
            }),
          ]),
    ],
  });
  await server.start();
  // A policy published before fields were added denies them to everyone (default deny), which an
  // upgrade makes easy to miss: say so where an operator looks, and leave the decision to IG.
  void policy
    .current()
    .then((v) => {
      const gaps = policyGaps(v.document, defaultPolicy(apiSchema));
      if (gaps.length)
        log.warn(
          {
            policyVersion: v.version,
            fields: gaps.length,
            first: gaps.slice(0, 20).map((g) => g.coordinate),
          },
          'the current policy denies fields the seeded policy grants (added since it was published, or taken away): an IG admin can grant them under Permissions',
        );
    })
    // A store not seeded yet, or not reachable yet: the health check says so; this can wait.
    .catch((e: Error) =>
      log.debug({ err: loggableError(e) }, 'could not compare the policy with the seeded one'),
    );

  async function identify(authorization: string | undefined, now: Date): Promise<SessionUser | null> {
    if (!authorization) return null;
    const token = authorization.replace(/^Bearer\s+/i, '');
    const session = await verifiedSessions.check(token, now);
    if (session.ok) return session.user;
    const external = oidc ? await oidc.verify(token) : null;
    if (external) return external;
    throw careError(
      ErrorCode.UNAUTHENTICATED,
      session.reason === 'expired' ? 'Your session has expired: sign in again' : 'Invalid access token',
      { reason: session.reason === 'expired' ? 'session_expired' : 'invalid_token', http: { status: 401 } },
    );
  }

  app.get('/health', async (_req, res, next) => {
    if (drain.isDraining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    next();
  });
  app.get('/health', async (_req, res) => {
    const checks = await Promise.all(
      (Object.keys(cfg.subgraphUrls) as SubgraphName[]).map(async (name) => {
        try {
          const r = await fetch(cfg.subgraphUrls[name].replace(/\/graphql$/, '/health'), {
            signal: AbortSignal.timeout(1000),
          });
          return [name, r.ok ? 'ok' : 'unavailable'] as const;
        } catch {
          return [name, 'unavailable'] as const;
        }
      }),
    );
    let storeOk = true;
    await docStore.ping().catch(() => (storeOk = false));
    const subgraphs = Object.fromEntries(checks);
    const ok = storeOk && checks.every(([, s]) => s === 'ok');
    res
      .status(storeOk ? 200 : 503)
      .json({ status: ok ? 'ok' : 'degraded', store: storeOk ? docStore.kind : 'unavailable', subgraphs });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // The client address a rate limit counts: behind a trusted proxy, its X-Forwarded-For.
  // As Express reads `trust proxy`: a number of hops, or addresses and ranges.
  const hops = cfg.trustProxy && /^\d+$/.test(cfg.trustProxy) ? Number(cfg.trustProxy) : null;
  const trust = !cfg.trustProxy
    ? null
    : hops !== null
      ? (_a: string, i: number) => i < hops
      : proxyAddr.compile(cfg.trustProxy.split(',').map((t) => t.trim()));
  const addressOf = (req: IncomingMessage): string =>
    (trust ? proxyAddr(req, trust) : req.socket.remoteAddress) ?? 'unknown';
  const header = (req: IncomingMessage, name: string): string | undefined => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : undefined;
  };
  const graphqlContext = async (req: IncomingMessage, res: ServerResponse): Promise<GatewayContext> => {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    const now = cfg.clock();
    const user = await identify(header(req, 'authorization'), now);
    const address = addressOf(req);
    const verdict = limiter.request(user ? `user:${user.sub}` : `address:${address}`, now.getTime());
    if (!verdict.ok) throw rateLimited('requests', verdict.retryAfter);
    const h = await head.get();
    const purpose = header(req, 'x-purpose-of-use') ?? 'direct_care';
    const care: CareContext = {
      sub: user?.sub ?? 'anonymous',
      name: user?.name ?? 'Not signed in',
      role: user?.role ?? 'anonymous',
      org: user?.org ?? '',
      team: user?.team ?? null,
      purpose: (PURPOSES.has(purpose) ? purpose : 'direct_care') as CareContext['purpose'],
      policyVersion: h.policyVersion,
      draftPolicy: null,
      factsEpoch: h.factsEpoch,
      breakGlass: user ? await windows.openFor(user.sub, now, h.factsEpoch) : [],
      requestId,
    };
    const context: GatewayContext = { care, access: [] };
    rememberAddress(context, address);
    return context;
  };
  app.use(
    '/graphql',
    drain.guard(),
    jsonBody(),
    expressMiddleware(server, { context: ({ req, res }) => graphqlContext(req, res) }),
  );
  app.use('/graphql', httpErrors(log));
  if (existsSync(join(cfg.webDir, 'index.html'))) {
    // Built assets have content hashes in their names: cache them for good; index.html never.
    app.use('/assets', express.static(join(cfg.webDir, 'assets'), { immutable: true, maxAge: '1y' }));
    app.use(express.static(cfg.webDir, { index: false }));
    // Single-page app: any other GET outside the API is a page of the app, answered with index.html.
    const notApp = /^\/(graphql|health|metrics|internal|subgraphs|\.well-known|assets)(\/|$)/;
    app.get(/.*/, (req, res, next) => {
      if (notApp.test(req.path)) return next();
      res.set('cache-control', 'no-cache').sendFile(join(cfg.webDir, 'index.html'));
    });
  } else app.get('/', (_req, res) => res.type('html').send(landingPage()));
  const handler = graphqlFastPath(
    {
      server,
      path: '/graphql',
      bodyLimit: bytesOf(bodyLimit()),
      admit: (req, res) => drain.admit(req, res),
      context: (req, res) => graphqlContext(req, res),
    },
    app,
  );

  return {
    services,
    metrics,
    log,
    async listen(port = cfg.port) {
      listening = await listen(handler, port);
      return listening;
    },
    async stop() {
      // Drain first: in-flight requests still need the subgraphs, the audit, the store, and this
      // process's own governance API (which subgraphs call while answering them).
      await drain.drain(cfg.drainMs ?? 10_000);
      await listening?.close(cfg.drainMs);
      await limiter.stop();
      await server?.stop();
      await transport.destroy();
      await governanceSubgraph.stop();
    },
  };
}
