import {
  RemoteGraphQLDataSource,
  type GraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import {
  ACCESS_EXTENSION,
  careError,
  CONTEXT_HEADER,
  ErrorCode,
  type CareContext,
  type PersonAccess,
  type ServiceMetrics,
  type SubgraphService,
} from '@care/common';
import { Agent } from 'node:http';
import fetch, { type RequestInit } from 'node-fetch';
import type { GatewayContext } from './context';

/** Bounded keep-alive sockets per subgraph: connections are reused, never opened per request. */
export function keepAliveFetcher(timeoutMs: number, maxSockets = 64) {
  const agent = new Agent({
    keepAlive: true,
    maxSockets,
    maxFreeSockets: maxSockets,
    keepAliveMsecs: 10_000,
  });
  const fetcher = (url: string, init?: RequestInit) =>
    fetch(url, { ...init, agent, signal: AbortSignal.timeout(timeoutMs) as RequestInit['signal'] });
  return { fetcher, agent };
}

/** The x-care-context value for one subgraph fetch: a token signed for that subgraph and query. */
export type ContextHeader = (care: CareContext, subgraph: string, query: string) => Promise<string>;

type ProcessResult = ReturnType<GraphQLDataSource<GatewayContext>['process']>;

/** Moves a subgraph's access report from its response into the request's audit context. */
function collectAccess(
  extensions: Record<string, unknown> | undefined,
  context: GatewayContext | Record<string, unknown>,
): void {
  const report = extensions?.[ACCESS_EXTENSION] as PersonAccess[] | undefined;
  if (report && 'access' in context && Array.isArray(context.access)) {
    context.access.push(...report);
    delete extensions?.[ACCESS_EXTENSION];
  }
}

/**
 * Sends each subgraph fetch with a context token signed for that subgraph and that exact query,
 * collects the subgraph's access report for the audit, and turns a failed or slow subgraph into
 * a SOURCE_UNAVAILABLE error naming it, so the other sources still answer.
 */
export class CareDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    urlOf: () => string,
    private readonly contextHeader: ContextHeader,
    private readonly metrics: ServiceMetrics,
    fetcher: ReturnType<typeof keepAliveFetcher>['fetcher'],
  ) {
    super({ fetcher: fetcher as never });
    Object.defineProperty(this, 'url', { get: urlOf });
  }

  override async willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!('care' in context) || !context.care || !request.http) return;
    request.http.headers.set(
      CONTEXT_HEADER,
      await this.contextHeader(context.care, this.name, request.query ?? ''),
    );
    request.http.headers.set('x-request-id', context.care.requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const started = process.hrtime.bigint();
    try {
      return await super.process(options);
    } finally {
      this.metrics.subgraphFetch.observe(
        { subgraph: this.name },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    }
  }

  override didReceiveResponse({
    response,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    collectAccess(response.extensions, context);
    return response;
  }

  override didEncounterError(error: Error, _req: unknown, res?: { status?: number }): void {
    // A subgraph that refused the request as bad input answered properly: pass its error on.
    const body = (error as { extensions?: { response?: { body?: unknown } } }).extensions?.response?.body;
    const first = (body as { errors?: { message?: string; extensions?: { code?: string } }[] } | undefined)
      ?.errors?.[0];
    if (
      res?.status &&
      res.status >= 400 &&
      res.status < 500 &&
      first?.extensions?.code === ErrorCode.BAD_USER_INPUT
    ) {
      throw careError(ErrorCode.BAD_USER_INPUT, first.message ?? 'Bad input', { source: this.name });
    }
    if (res?.status === 401) {
      throw careError(ErrorCode.UNAUTHENTICATED, `${this.name} refused the gateway's signed context`);
    }
    const timedOut =
      error.name === 'AbortError' || error.name === 'TimeoutError' || /aborted|timeout/i.test(error.message);
    throw careError(
      ErrorCode.SOURCE_UNAVAILABLE,
      `The ${this.name} source is unavailable${timedOut ? ' (timed out)' : ''}; other sources answered`,
      { source: this.name, ...(res?.status ? { status: res.status } : {}) },
    );
  }
}

/**
 * The governance subgraph runs in the gateway's own process: its fetches are executed there
 * directly (same schema, shield and access report as over HTTP), instead of a loopback HTTP
 * round trip carrying a token the same process signs and then verifies. It stays reachable over
 * HTTP at /subgraphs/governance for any other router.
 */
export class LocalCareDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    private readonly subgraph: () => SubgraphService,
    private readonly metrics: ServiceMetrics,
  ) {}

  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const started = process.hrtime.bigint();
    try {
      if (!('care' in context) || !context.care) {
        return { errors: [{ message: 'No caller', extensions: { code: ErrorCode.UNAUTHENTICATED } }] };
      }
      const result = await this.subgraph().execute(
        {
          query: request.query ?? '',
          variables: request.variables,
          operationName: request.operationName,
        },
        context.care,
      );
      const extensions = result.extensions ? { ...result.extensions } : undefined;
      collectAccess(extensions, context);
      return { data: result.data, errors: result.errors, extensions };
    } finally {
      this.metrics.subgraphFetch.observe(
        { subgraph: this.name },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    }
  }
}
