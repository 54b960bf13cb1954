import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  ACCESS_EXTENSION,
  careError,
  CONTEXT_HEADER,
  ErrorCode,
  type CareContext,
  type AccessGroup,
  type BoundRequest,
  type ServiceMetrics,
  type SubgraphService,
} from '@care/common';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';
import { remoteErrors } from './remote-errors';
import { SubgraphTransport, type TransportResponse } from './transport';

export { SubgraphTransport };

/** The x-care-context value for one subgraph fetch: a token signed for that subgraph and request. */
export type ContextHeader = (care: CareContext, subgraph: string, request: BoundRequest) => string;

type ProcessResult = ReturnType<GraphQLDataSource<GatewayContext>['process']>;

/** Moves a subgraph's access report from its response into the request's audit context. */
function collectAccess(
  extensions: Record<string, unknown> | undefined,
  context: GatewayContext | Record<string, unknown>,
): void {
  const report = extensions?.[ACCESS_EXTENSION] as AccessGroup[] | undefined;
  if (report && 'access' in context && Array.isArray(context.access)) {
    context.access.push(...report);
    delete extensions?.[ACCESS_EXTENSION];
  }
}

/**
 * Sends each subgraph fetch with a context token signed for that subgraph and that exact query,
 * collects the subgraph's access report for the audit, and turns a failed or slow subgraph into
 * a SOURCE_UNAVAILABLE error naming it, so the other sources still answer. Fetches go over the
 * transport's keep-alive sockets rather than Apollo's default fetch stack (a node-fetch request,
 * headers and abort objects per fetch): the same contract for a fraction of the work.
 */
export class CareDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    private readonly url: () => string,
    private readonly contextHeader: ContextHeader,
    private readonly metrics: ServiceMetrics,
    private readonly transport: SubgraphTransport,
    private readonly timeoutMs: number,
  ) {}

  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const started = process.hrtime.bigint();
    try {
      const query = request.query;
      if (!query) throw new Error('Missing query');
      // The variables are serialised once: the token is bound to the very text sent.
      const variablesJson = JSON.stringify(request.variables ?? null);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if ('care' in context && context.care) {
        headers[CONTEXT_HEADER] = this.contextHeader(context.care, this.name, {
          query,
          variablesJson,
          operationName: request.operationName,
        });
        headers['x-request-id'] = context.care.requestId;
      }
      const extensions = request.extensions ? `,"extensions":${JSON.stringify(request.extensions)}` : '';
      const payload = `{"query":${JSON.stringify(query)},"variables":${variablesJson},"operationName":${JSON.stringify(request.operationName ?? null)}${extensions}}`;
      let res: TransportResponse | undefined;
      try {
        res = await this.transport.post(this.url(), payload, headers, this.timeoutMs);
        const json = /^application\/(graphql-response\+)?json/.test(res.contentType ?? '');
        const body: unknown = json ? JSON.parse(res.text) : res.text;
        if (res.status < 200 || res.status >= 300) throw this.failure(res.status, body);
        if (!body || typeof body !== 'object' || Array.isArray(body)) {
          throw new Error(`Expected a JSON object from ${this.name}`);
        }
        const result = body as {
          data?: Record<string, unknown> | null;
          errors?: [];
          extensions?: Record<string, unknown>;
        };
        collectAccess(result.extensions, context);
        return { ...result, errors: remoteErrors(result.errors) };
      } catch (e) {
        throw e instanceof GraphQLError ? e : this.unavailable(e as Error, res?.status);
      }
    } finally {
      this.metrics.subgraphFetch.observe(
        { subgraph: this.name },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    }
  }

  /** A subgraph's refusal: bad input and a refused context pass on as such; anything else is an outage. */
  private failure(status: number, body: unknown): GraphQLError {
    const first = (body as { errors?: { message?: string; extensions?: { code?: string } }[] } | undefined)
      ?.errors?.[0];
    if (status >= 400 && status < 500 && first?.extensions?.code === ErrorCode.BAD_USER_INPUT) {
      return careError(ErrorCode.BAD_USER_INPUT, first.message ?? 'Bad input', { source: this.name });
    }
    if (status === 401) {
      return careError(ErrorCode.UNAUTHENTICATED, `${this.name} refused the gateway's signed context`);
    }
    return this.unavailable(new Error(`HTTP ${status}`), status);
  }

  private unavailable(error: Error, status?: number): GraphQLError {
    const timedOut = error.name === 'TimeoutError' || /aborted|timeout/i.test(error.message);
    return careError(
      ErrorCode.SOURCE_UNAVAILABLE,
      `The ${this.name} source is unavailable${timedOut ? ' (timed out)' : ''}; other sources answered`,
      { source: this.name, ...(status ? { status } : {}) },
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
      return { data: result.data, errors: remoteErrors(result.errors), extensions };
    } finally {
      this.metrics.subgraphFetch.observe(
        { subgraph: this.name },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    }
  }
}
