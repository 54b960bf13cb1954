/**
 * The floor under closed-loop latency on this machine: one Node process that does nothing but
 * spend a fixed CPU time on each request, measured by the same generator in the same rounds as
 * the stack. A request that reaches a busy event loop just after it polled waits a whole turn
 * before its own, so even this server's p99 is a multiple of its median; the stack's p99 at 32
 * connections is to be read against that multiple, not against the median alone.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { runInterleaved, type RunResult, type Rounds } from './load';

const SERVER = `
const spin = Number(process.env.SPIN_MS) * 1e6;
require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const t = process.hrtime.bigint();
    while (Number(process.hrtime.bigint() - t) < spin);
    res.setHeader('content-type', 'application/json');
    res.end('{"data":{"ok":true}}');
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('up'));
`;

export interface Floor extends RunResult {
  /** CPU each request costs the server, in ms. */
  spinMs: number;
}

export async function latencyFloor(opts: {
  port: number;
  connections: number;
  spinMs: number;
  rounds: Rounds;
}): Promise<Floor> {
  const child = spawn(process.execPath, ['-e', SERVER], {
    env: { PATH: process.env.PATH, PORT: String(opts.port), SPIN_MS: String(opts.spinMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    // A server that cannot listen (the port taken) exits without a word: say so, do not wait.
    await Promise.race([
      once(child.stdout, 'data'),
      once(child, 'exit').then(([code]) => {
        throw new Error(`the floor server exited (${String(code)}) before listening on ${opts.port}`);
      }),
    ]);
    const [r] = await runInterleaved(
      [
        {
          url: `http://127.0.0.1:${opts.port}/`,
          connections: opts.connections,
          durationSeconds: opts.rounds.rounds * opts.rounds.roundSeconds,
          warmupSeconds: 1,
          request: () => ({ body: { query: '{ ok }', variables: {} }, headers: {} }),
          ok: (a) => a.data?.ok === true,
          processes: [{ name: 'floor', pid: child.pid }],
        },
      ],
      opts.rounds,
    );
    return { ...r, spinMs: opts.spinMs };
  } finally {
    child.kill();
  }
}
