import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors';

const KNOWN = new Set<string>(Object.values(ErrorCode));
const APOLLO_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** The error as first thrown, beneath graphql-js's and Apollo's wrappers. */
function thrownOf(error: unknown): unknown {
  let e = error;
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e;
}

/**
 * Apollo labels whatever was thrown without a code INTERNAL_SERVER_ERROR, a driver's message and
 * all. That code passes on only from a GraphQLError raised on purpose, or from a subgraph's answer
 * (the gateway wraps its JSON, not an Error), which the subgraph has masked already.
 */
function raisedOnPurpose(original: unknown): boolean {
  const thrown = thrownOf(original);
  return !(thrown instanceof Error) || thrown instanceof GraphQLError;
}

/**
 * What the log keeps of an unexpected error: its class, code and where it was thrown, and its
 * message with quoted text and numbers blanked. Messages from drivers and runtimes quote the
 * values they choked on (a duplicate key, JSON that did not parse), and those values can be an
 * NHS number or a name; the class and stack frames say where to look without saying about whom.
 */
export function loggableError(original: unknown): Record<string, unknown> {
  const e = thrownOf(original);
  // No `message` or `type` keys: pino's error serializer would take the object for an Error.
  if (!(e instanceof Error)) return { class: typeof e };
  const code = (e as { code?: unknown }).code;
  return {
    class: e.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    detail: e.message
      .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '…')
      .replace(/\d{3,}/g, '#')
      .slice(0, 200),
    at: (e.stack ?? '')
      .split('\n')
      .filter((l) => l.trimStart().startsWith('at '))
      .slice(0, 6)
      .map((l) => l.trim()),
  };
}

/**
 * Apollo refuses some requests with an HTTP 4xx and no code (a persisted query's hash that does
 * not match its document, an unknown persisted query version): the client's mistake, not ours.
 */
function refusedRequest(original: unknown): boolean {
  if (!(original instanceof GraphQLError)) return false;
  const status = (original.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Every error leaves with a stable code. Unexpected errors are logged and masked, so a stack
 * trace or a store message never reaches a client.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError => {
    let code = String(formatted.extensions?.code ?? '');
    if (code === ErrorCode.INTERNAL_SERVER_ERROR && refusedRequest(original)) {
      code = 'BAD_REQUEST';
      formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
    }
    const deliberate = code !== ErrorCode.INTERNAL_SERVER_ERROR || raisedOnPurpose(original);
    if (deliberate && (KNOWN.has(code) || APOLLO_INPUT_CODES.has(code))) {
      const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
      return { ...formatted, extensions: ext };
    }
    log.error({ err: loggableError(original), path: formatted.path }, 'internal error');
    return {
      message: 'Internal error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
