import { seedDir, startStack, portsFrom } from '/work/main/scripts/bench/services';
import { GatewayClient } from '/work/main/test/support/client';
import autocannon from 'autocannon';
import { rmSync, writeFileSync } from 'node:fs';
const PERSON = `query Person($n: NhsNumber!) {
  person(nhsNumber: $n) {
    nhsNumber knownTo
    socialCare { caseStatus allocatedWorker { name phone } }
    health { registeredPractice { name } conditions { display } }
    council { councilId }
  }
}`;
async function main() {
  const dir = '/tmp/b8/data';
  rmSync(dir, { recursive: true, force: true });
  let t = Date.now();
  const seed = await seedDir(dir, 3000, 50);
  console.log('seeded', Date.now() - t);
  t = Date.now();
  const ports = portsFrom(4100);
  const procs = await startStack(dir, ports);
  console.log('started', Date.now() - t);
  const url = `http://127.0.0.1:${ports.gateway}`;
  const c = new GatewayClient(url);
  const u = seed.demoUsers.find((d) => d.role === 'gp')!;
  await c.login({ username: u.username, password: u.password, totpSecret: u.totpSecret, totpStep: u.totpStep });
  const nhs = seed.summary.richfordGatePatientsKnownToAll[0];
  console.log(JSON.stringify(await c.request(PERSON, { n: nhs })).slice(0, 300));
  writeFileSync('/tmp/b8/req.json', JSON.stringify({ url, token: c.token, body: JSON.stringify({ query: PERSON, variables: { n: nhs } }), pids: procs.map(p=>[p.name,p.pid]) }));
  for (const conns of [32]) {
    const r = await autocannon({ url: `${url}/graphql`, connections: conns, duration: Number(process.env.D ?? 10), method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` }, body: JSON.stringify({ query: PERSON, variables: { n: nhs } }) });
    console.log(conns, r.requests.average, r.latency.p50, r.latency.p99, r.errors, r.non2xx);
  }
  if (process.env.KEEP) { console.log('KEEP'); await new Promise(r => setTimeout(r, 1e9)); }
  await Promise.all(procs.map((p) => p.stop()));
}
main();
