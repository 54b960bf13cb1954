import express, { type Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  url: string;
  port: number;
  server: Server;
  /** Stops accepting connections and waits for in-flight requests to finish. */
  close(): Promise<void>;
}

/** Listens on loopback-or-all as configured; port 0 picks a free port (tests). */
export function listen(
  app: Express,
  port: number,
  host = process.env.HOST ?? '127.0.0.1',
): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (err) return reject(err);
      const actual = (server.address() as AddressInfo).port;
      server.keepAliveTimeout = 65_000;
      resolve({
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`,
        port: actual,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
    server.on('error', reject);
  });
}

/** JSON body parser with a size limit: an oversized body is refused before it is parsed. */
export const jsonBody = (limit = process.env.BODY_LIMIT ?? '200kb') => express.json({ limit });

export { express };
