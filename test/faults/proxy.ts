/**
 * A fault injector in front of a subgraph: forwards requests after a delay, or answers with a
 * failure instead, switchable while the stack runs.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'none' }
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number; body: string }
  | { kind: 'reset' };

export class FaultProxy {
  fault: Fault = { kind: 'none' };
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    const upstream = new URL(target);
    let proxy: FaultProxy | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const fault = proxy?.fault ?? { kind: 'none' };
        if (fault.kind === 'status') {
          res.writeHead(fault.status, {
            'content-type': fault.body.startsWith('{') ? 'application/json' : 'text/html',
          });
          res.end(fault.body);
          return;
        }
        if (fault.kind === 'reset') {
          req.socket.destroy();
          return;
        }
        const forward = () => {
          const up = request(
            {
              host: upstream.hostname,
              port: upstream.port,
              path: upstream.pathname,
              method: req.method,
              headers: req.headers,
            },
            (r) => {
              res.writeHead(r.statusCode ?? 502, r.headers);
              r.pipe(res);
            },
          );
          up.on('error', () => res.destroy());
          up.end(Buffer.concat(chunks));
        };
        if (fault.kind === 'delay') setTimeout(forward, fault.ms);
        else forward();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    proxy = new FaultProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    return proxy;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
