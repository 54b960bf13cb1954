import type { Collection } from '@care/common';
import { findPerson } from '../support/people';
import { Stack } from '../support/stack';
import { codeOf, post } from '../robustness/helpers';
import { FaultProxy } from './proxy';

const PERSON =
  'query($n: NhsNumber!) { person(nhsNumber: $n) { nhsNumber health { registeredPractice { name } } } }';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown', () => {
  it('lets a slow request in flight at the gateway finish, and takes no new ones', async () => {
    // The subgraph answering it still reads this gateway's governance API: it must stay up.
    const stack = await Stack.start({ people: 100 });
    const proxy = await FaultProxy.start(stack.config.subgraphUrls.health);
    try {
      stack.config.subgraphUrls.health = proxy.url;
      const nhs = await findPerson(stack, { knownTo: ['HEALTH'], gpPractice: 'E85001' });
      const gp = await stack.as('gp');
      proxy.fault = { kind: 'delay', ms: 700 };
      const inFlight = gp.request<{ person: { health: unknown } }>(PERSON, { n: nhs });
      await sleep(200);
      let stopped = false;
      const stopping = stack.gateway.stop().then(() => (stopped = true));
      await sleep(50);
      // New work is turned away (a load balancer sends it elsewhere) while the old finishes.
      const refused = await post(`${stack.url}/graphql`, { query: '{ me { name } }' });
      expect([refused.status, codeOf(refused), refused.headers.get('retry-after')]).toEqual([
        503,
        'SHUTTING_DOWN',
        '1',
      ]);
      expect((await fetch(`${stack.url}/health`)).status).toBe(503);
      expect(stopped).toBe(false);
      const r = await inFlight;
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
      expect(r.data?.person.health).toEqual({
        registeredPractice: expect.objectContaining({ name: expect.any(String) }),
      });
      await stopping;
      expect(stopped).toBe(true);
      await expect(fetch(`${stack.url}/health`)).rejects.toThrow();
    } finally {
      await proxy.stop();
      await stack.stop();
    }
  }, 30_000);

  it('lets a subgraph finish a request in flight when it is stopped, and closes its store only after', async () => {
    const stack = await Stack.start({ people: 100 });
    try {
      const nhs = await findPerson(stack, { knownTo: ['HEALTH'], gpPractice: 'E85001' });
      const gp = await stack.as('gp');
      const health = stack.subgraphs.health;
      // Make the health store slow, so the request is still inside the subgraph when it stops.
      const patients = health.store.collection<{ _id: string }>('patients') as Collection<{ _id: string }>;
      const find = patients.find.bind(patients);
      const events: string[] = [];
      patients.find = async (...args) => {
        await sleep(500);
        const rows = await find(...args);
        events.push('read answered');
        return rows;
      };
      const close = health.store.close.bind(health.store);
      health.store.close = async () => {
        events.push('store closed');
        await close();
      };
      const inFlight = gp.request<{ person: { health: unknown } }>(PERSON, { n: nhs });
      await sleep(150);
      // The path SIGTERM takes in a subgraph process (packages/common/src/server/main.ts).
      const stopping = health.service.stop();
      const r = await inFlight;
      expect(r.errors).toBeUndefined();
      expect(r.data?.person.health).not.toBeNull();
      await stopping;
      expect(events).toEqual(['read answered', 'store closed']);
      // Once stopped, the gateway answers without it, naming it.
      const after = await gp.request<{ person: { health: unknown } }>(PERSON, { n: nhs });
      expect(after.data?.person.health).toBeNull();
      expect(after.errors?.map((e) => [e.extensions?.code, e.extensions?.source])).toContainEqual([
        'SOURCE_UNAVAILABLE',
        'health',
      ]);
    } finally {
      await stack.stop();
    }
  }, 30_000);
});
