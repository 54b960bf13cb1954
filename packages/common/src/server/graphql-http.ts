import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HttpErrorCode } from './http';

/** One GraphQL endpoint served without Express on its common path. */
export interface GraphQLRoute<C extends BaseContext> {
  server: ApolloServer<C>;
  /** e.g. `/graphql`; only this exact path (no query string) takes the fast path. */
  path: string;
  /** Largest body accepted, in bytes (the same limit the Express route's parser applies). */
  bodyLimit: number;
  /** The request's context; `body` is the parsed JSON body. */
  context(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<C>;
  /**
   * Called before the request is read; returns false when it has already answered (a draining
   * instance, say). Should it admit the request, it must also account for its end.
   */
  admit?(req: IncomingMessage, res: ServerResponse): boolean;
}

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Whether the fast path can take this request exactly as the Express route would. */
function plain(req: IncomingMessage, path: string, limit: number): boolean {
  if (req.method !== 'POST' || req.url !== path) return false;
  const type = req.headers['content-type'];
  if (!type || !JSON_TYPE.test(type)) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') return false;
  const length = Number(req.headers['content-length']);
  // An empty body is left to the parser route, which reads it as `{}` and lets Apollo say what is missing.
  return Number.isInteger(length) && length > 0 && length <= limit && !req.headers['transfer-encoding'];
}

function reply(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Routes plain GraphQL POSTs (JSON, a declared length within the limit) straight to Apollo
 * Server's HTTP handler and everything else to `fallback` (the Express app, which serves the same
 * route for GETs and odd requests with the same answers). Express's router, body parser and
 * `res.send` cost a subgraph about a tenth of its CPU per request (measured in `npm run bench`);
 * this is the same work @as-integrations/express5 does, minus those.
 */
export function graphqlFastPath<C extends BaseContext>(
  route: GraphQLRoute<C>,
  fallback: RequestListener,
): RequestListener {
  return (req, res) => {
    if (!plain(req, route.path, route.bodyLimit)) return fallback(req, res);
    if (route.admit && !route.admit(req, res)) {
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > route.bodyLimit && !failed) {
        failed = true;
        reply(
          res,
          413,
          HttpErrorCode.PAYLOAD_TOO_LARGE,
          `The request body is larger than the limit (${route.bodyLimit} bytes)`,
        );
      } else if (!failed) chunks.push(c);
    });
    req.on('error', () => {
      failed = true;
      if (!res.headersSent) reply(res, 400, HttpErrorCode.BAD_REQUEST, 'The request body was incomplete');
    });
    req.on('end', () => {
      if (failed) return;
      if (size !== Number(req.headers['content-length'])) {
        return reply(res, 400, HttpErrorCode.BAD_REQUEST, 'The request body was incomplete');
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
      } catch {
        return reply(res, 400, HttpErrorCode.BAD_REQUEST, 'The request body is not valid JSON');
      }
      // body-parser's strict mode: only objects and arrays are JSON bodies.
      if (body === null || typeof body !== 'object') {
        return reply(res, 400, HttpErrorCode.BAD_REQUEST, 'The request body is not valid JSON');
      }
      void execute(route, req, res, body);
    });
  };
}

async function execute<C extends BaseContext>(
  route: GraphQLRoute<C>,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  try {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const answer = await route.server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body },
      context: () => route.context(req, res, body),
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(answer.body.string));
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  } catch {
    // Apollo answers its own and the context's errors; only a broken socket lands here.
    if (!res.headersSent) reply(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal error');
    else res.destroy();
  }
}

/** `200kb`-style sizes (as body-parser takes them) in bytes. */
export function bytesOf(size: string | number): number {
  if (typeof size === 'number') return size;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(size);
  if (!m) throw new Error(`Not a size: ${size}`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * unit);
}
