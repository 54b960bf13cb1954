import { DEFAULT_PORTS, PORT_ENV, SUBGRAPHS } from '@care/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_ENTRY, SERVICE_NODE_FLAGS } from '../scripts/service-process';

/**
 * docker-compose.yml cannot be run on these machines (no Docker engine), so it is kept correct
 * by reading it: every service `npm start` runs is there, on the same port, wired to MongoDB.
 */
interface ComposeService {
  build?: { args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
}

const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  const services = ['gateway', ...SUBGRAPHS] as const;

  it.each(services)(
    'runs %s on the port npm start uses, built from the repo, with a health check',
    (name) => {
      const svc = compose.services[name];
      expect(svc).toBeDefined();
      expect(svc.build?.args?.SERVICE).toBe(name);
      const port = DEFAULT_PORTS[name];
      expect(svc.ports).toContain(`${port}:${port}`);
      expect(svc.environment?.[PORT_ENV[name]]).toBe(String(port));
      expect(svc.healthcheck?.test.join(' ')).toContain(`:${port}/health`);
    },
  );

  it.each(services)('gives %s its own MongoDB database on the replica set', (name) => {
    const uri = compose.services[name].environment?.MONGODB_URI ?? '';
    const db = name === 'gateway' ? 'governance' : name;
    expect(uri).toBe(`mongodb://mongo:27017/${db}?replicaSet=rs0`);
    expect(compose.services[name].depends_on?.mongo.condition).toBe('service_healthy');
  });

  it('points the gateway at every subgraph and the subgraphs at the gateway for governance', () => {
    const env = compose.services.gateway.environment ?? {};
    expect(env.SOCIAL_CARE_URL).toBe(`http://social-care:${DEFAULT_PORTS['social-care']}/graphql`);
    expect(env.HEALTH_URL).toBe(`http://health:${DEFAULT_PORTS.health}/graphql`);
    expect(env.COUNCIL_URL).toBe(`http://council:${DEFAULT_PORTS.council}/graphql`);
    for (const s of SUBGRAPHS)
      expect(compose.services[s].environment?.GOVERNANCE_URL).toBe('http://gateway:4000');
  });

  it('gives each subgraph its own context key, and no subgraph the gateway secret they derive from', () => {
    const seed = compose.services.seed;
    expect(seed.environment?.KEYS_DIR).toBe(compose.services.gateway.environment?.KEYS_DIR);
    expect(seed.environment?.CONTEXT_KEY_EXPORT_DIR).toBe('/keys');
    expect(compose.services.gateway.volumes).toContain('care-data:/data');
    for (const s of SUBGRAPHS) {
      expect(seed.volumes).toContain(`${s}-key:/keys/${s}`);
      expect(compose.volumes).toHaveProperty(`${s}-key`);
      expect(compose.services[s].volumes).toEqual([`${s}-key:/keys:ro`]);
      expect(compose.services[s].environment?.CONTEXT_KEY_FILE).toBe('/keys/context.key');
      // Nobody else mounts this subgraph's key, and this subgraph mounts nobody else's.
      for (const [name, svc] of Object.entries(compose.services))
        if (name !== s && name !== 'seed')
          expect((svc.volumes ?? []).some((v) => v.startsWith(`${s}-key:`))).toBe(false);
    }
  });

  it('runs MongoDB from the official image as a replica set with a named volume', () => {
    const mongo = compose.services.mongo as ComposeService & {
      image: string;
      command: string[];
      volumes: string[];
    };
    expect(mongo.image).toMatch(/^mongo:\d/);
    expect(mongo.command).toContain('--replSet');
    expect(mongo.volumes[0]).toMatch(/^mongo-data:/);
    expect(compose.volumes).toHaveProperty('mongo-data');
  });
});

describe('Dockerfile', () => {
  it('starts every service with the Node flags npm start and the benchmark use', () => {
    const cmd = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('CMD'));
    expect(cmd).toBeDefined();
    // One `exec node …` per service kind (gateway, subgraphs); the seed job is a script, not a service.
    const services = [...(cmd ?? '').matchAll(/exec node ([^;]*?) --import tsx (\S+)/g)].filter(
      ([, , entry]) => !entry.startsWith('scripts/'),
    );
    expect(services.map(([, , entry]) => entry)).toEqual([
      SERVICE_ENTRY.gateway,
      SERVICE_ENTRY['social-care'].replace('social-care', '$SERVICE'),
    ]);
    for (const [, flags] of services) expect(flags.split(' ')).toEqual(SERVICE_NODE_FLAGS);
  });
});
