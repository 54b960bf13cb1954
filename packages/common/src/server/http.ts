import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { env } from '../config';
import { loggableError } from './errors';

export interface Listening {
  url: string;
  port: number;
  server: Server;
  /**
   * Stops accepting connections and waits for in-flight requests to finish; connections still
   * busy after `graceMs` are closed (a stuck client must not hold a shutdown forever).
   */
  close(graceMs?: number): Promise<void>;
}

/** Listens on loopback-or-all as configured; port 0 picks a free port (tests). */
export function listen(
  app: Express | RequestListener,
  port: number,
  host = process.env.HOST ?? '127.0.0.1',
): Promise<Listening> {
  return new Promise((resolve, reject) => {
    // A client that sends headers or a body slower than this (or declares a length it never
    // sends) is cut off: Node's defaults (60 s for headers, 300 s for a request) let a few slow
    // connections hold a service's sockets for minutes.
    const requestTimeout = env.int('REQUEST_TIMEOUT_MS', 60_000, 1000);
    const server = createServer(
      {
        requestTimeout,
        headersTimeout: Math.min(requestTimeout, 15_000),
        // How often those limits are checked (Node's default, 30 s, would let a stalled request run on).
        connectionsCheckingInterval: 1000,
      },
      app as RequestListener,
    );
    server.listen(port, host, () => {
      const actual = (server.address() as AddressInfo).port;
      server.keepAliveTimeout = 65_000;
      resolve({
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`,
        port: actual,
        server,
        close: (graceMs = Number(process.env.DRAIN_MS ?? 10_000)) =>
          new Promise<void>((done) => {
            // Keep-alive connections go idle as their last request finishes: close each then.
            const idle = setInterval(() => server.closeIdleConnections(), 25);
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            force.unref();
            server.close(() => {
              clearInterval(idle);
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
    server.on('error', reject);
  });
}

/** The request body limit (BODY_LIMIT, e.g. `200kb`). */
export const bodyLimit = (): string => process.env.BODY_LIMIT ?? '200kb';

/** JSON body parser with a size limit: an oversized body is refused before it is parsed. */
export const jsonBody = (limit = bodyLimit()) => express.json({ limit });

/** Codes for requests refused before GraphQL sees them (Apollo's own use BAD_REQUEST too). */
export const HttpErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  SHUTTING_DOWN: 'SHUTTING_DOWN',
} as const;

/** Replies in the GraphQL error shape, so a client reads every refusal the same way. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/**
 * Body parser failures (malformed JSON, a body over the limit, an unsupported charset) answered
 * as JSON with a code, instead of express's HTML page. Anything else is logged and masked.
 */
export function httpErrors(log?: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    const e = (err ?? {}) as { type?: string; status?: number; limit?: number; message?: string };
    switch (e.type) {
      case 'entity.too.large':
        return sendError(
          res,
          413,
          HttpErrorCode.PAYLOAD_TOO_LARGE,
          `The request body is larger than the limit (${e.limit ?? '?'} bytes)`,
          { limit: e.limit },
        );
      case 'entity.parse.failed':
        return sendError(res, 400, HttpErrorCode.BAD_REQUEST, 'The request body is not valid JSON');
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return sendError(res, 415, HttpErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Unsupported body encoding');
      case 'request.aborted':
      case 'request.size.invalid':
        return sendError(res, 400, HttpErrorCode.BAD_REQUEST, 'The request body was incomplete');
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
      return sendError(res, e.status, HttpErrorCode.BAD_REQUEST, 'Bad request');
    log?.error({ err: loggableError(e) }, 'unhandled HTTP error');
    return sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal error');
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The caller's `x-request-id` when it is well-formed (so a trace can start at a load balancer or
 * the web app), else a fresh one. Anything else in the header is ignored, never echoed.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Graceful stop for a service whose in-flight requests need the service itself (subgraphs read
 * the gateway's governance API while the gateway waits for them): first refuse new requests on
 * the guarded routes (503, Retry-After, so a load balancer moves on) and wait for those in flight,
 * and only then close the listener.
 */
export class Drain {
  private inFlight = 0;
  private draining = false;
  private idle: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  guard(): RequestHandler {
    return (req, res, next) => {
      if (this.admit(req, res)) next();
    };
  }

  /** Counts the request in flight until its response closes, or answers 503 when draining. */
  admit(_req: IncomingMessage, res: ServerResponse): boolean {
    if (this.draining) {
      const body = JSON.stringify({
        errors: [
          {
            message: 'This instance is shutting down; retry',
            extensions: { code: HttpErrorCode.SHUTTING_DOWN },
          },
        ],
      });
      res.writeHead(503, {
        connection: 'close',
        'retry-after': '1',
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return false;
    }
    this.inFlight += 1;
    let done = false;
    res.on('close', () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.idle.splice(0)) wake();
    });
    return true;
  }

  /** Refuses new requests and resolves when none is in flight, or after `graceMs`. */
  drain(graceMs: number): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      timer.unref();
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export { express };
