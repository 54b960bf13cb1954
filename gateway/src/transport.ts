import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * POSTs to subgraphs over bounded keep-alive sockets: connections are reused, never opened per
 * request, and every request has a deadline (the subgraph timeout) after which it is abandoned
 * with a TimeoutError, so a slow source costs one timeout, not a hung page.
 */
export class SubgraphTransport {
  readonly agent: Agent;

  constructor(
    private readonly timeoutMs: number,
    maxSockets = 64,
  ) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets,
      maxFreeSockets: maxSockets,
      keepAliveMsecs: 10_000,
    });
  }

  post(url: string, body: string, headers: Record<string, string>): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(e);
      };
      const req = httpRequest(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body), accept: 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_RESPONSE_BYTES) fail(new Error('Subgraph response too large'));
            else chunks.push(c);
          });
          res.on('error', fail);
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const status = res.statusCode ?? 0;
            resolve({ status, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      const timer = setTimeout(() => {
        const e = new Error(`No answer within ${this.timeoutMs} ms`);
        e.name = 'TimeoutError';
        fail(e);
      }, this.timeoutMs);
      req.on('error', fail);
      req.end(body);
    });
  }

  destroy(): void {
    this.agent.destroy();
  }
}
