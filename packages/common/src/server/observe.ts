import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { AccessGroup } from '../access';
import type { ServiceMetrics } from '../metrics';

export interface Observed {
  /** The request id carried from the gateway to every subgraph. */
  requestId(ctx: unknown): string | undefined;
  /** Fields withheld in this request, per person (names and reasons only). */
  access?(ctx: unknown): AccessGroup[] | undefined;
}

/**
 * Per request: the rate, latency and error-code metrics, denied fields by reason, and one
 * structured log line (request id, operation, duration, error codes: never variables or data).
 * The line is `info` when something failed (any code but FORBIDDEN, which is the policy at work)
 * and `debug` otherwise: metrics count the traffic, and a write per request to the log is not free.
 */
export function observeRequests<C>(
  metrics: ServiceMetrics,
  log: Logger,
  how: Observed,
): ApolloServerPlugin<C & object> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors, response, operation }) {
          const op = operationName ?? (operation ? 'anonymous' : 'invalid');
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const label = metrics.operationLabel(op);
          metrics.requests.inc({ operation: label });
          metrics.latency.observe({ operation: label }, seconds);
          const codes = (errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          for (const code of codes) metrics.errors.inc({ code });
          for (const g of how.access?.(contextValue) ?? [])
            for (const d of g.denied) metrics.denied.inc({ reason: d.reason }, g.persons.length);
          const level = codes.some((c) => c !== 'FORBIDDEN') ? 'info' : 'debug';
          if (log.isLevelEnabled(level)) {
            log[level](
              {
                rid: how.requestId(contextValue),
                op,
                kind: operation?.operation ?? null,
                ms: Math.round(seconds * 10_000) / 10,
                status: response.http?.status ?? 200,
                ...(codes.length > 0 ? { codes: [...new Set(codes)] } : {}),
              },
              'request',
            );
          }
        },
      };
    },
  };
}
