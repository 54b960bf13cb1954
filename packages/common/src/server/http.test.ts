import type { RequestListener } from 'node:http';
import { connect } from 'node:net';
import { listen } from './http';

describe('listen', () => {
  it('cuts off a request whose body never arrives in full, and keeps serving others', async () => {
    const before = process.env.REQUEST_TIMEOUT_MS;
    process.env.REQUEST_TIMEOUT_MS = '1500';
    const echo: RequestListener = (req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    };
    const listening = await listen(echo, 0);
    if (before === undefined) delete process.env.REQUEST_TIMEOUT_MS;
    else process.env.REQUEST_TIMEOUT_MS = before;
    try {
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(listening.port, '127.0.0.1', () => {
          // Declares 100 bytes and sends 10: the connection would otherwise wait for the rest.
          socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789');
        });
        let got = '';
        socket.on('data', (d) => (got += d.toString()));
        socket.on('close', () => resolve(got));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(10_000);
      const ok = await fetch(`${listening.url}/`, { method: 'POST', body: 'x' });
      expect(await ok.text()).toBe('ok');
    } finally {
      await listening.close(100);
    }
  });
});
