import { armor, GATEWAY_LIMITS, limitsFromEnv, SUBGRAPH_LIMITS } from '@care/common';
import { getIntrospectionQuery, Kind, parse, validate } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayConfigFromEnv } from '../../gateway/src/config';
import { apiSchemaOf } from '../../gateway/src/governance/api-schema';
import { readSupergraph } from '../../gateway/src/supergraph';
import { Stack } from '../support/stack';
import { codeOf, post } from './helpers';

// Whole-stack suites: each test makes many requests; generous on a busy machine.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');

/** Every operation the web app sends, with the fragments it uses (from its generated client). */
function webDocuments(): { name: string; text: string }[] {
  const file = join(ROOT, 'web', 'src', 'generated', 'gql.ts');
  if (!existsSync(file)) return [];
  const src = readFileSync(file, 'utf8');
  const docs = [...src.matchAll(/^ {4}"((?:[^"\\]|\\.)*)": typeof types\./gm)].map(
    (m) => JSON.parse(`"${m[1]}"`) as string,
  );
  const fragments = new Map<string, string>();
  for (const d of docs)
    for (const def of parse(d).definitions)
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, d);
  return docs.flatMap((d) => {
    const op = parse(d).definitions.find((x) => x.kind === Kind.OPERATION_DEFINITION);
    if (!op || op.kind !== Kind.OPERATION_DEFINITION) return [];
    const parts = new Set([d]);
    const add = (s: string) => {
      for (const m of s.matchAll(/\.\.\.([A-Za-z_]\w*)/g)) {
        const f = fragments.get(m[1]);
        if (f && !parts.has(f)) {
          parts.add(f);
          add(f);
        }
      }
    };
    add(d);
    return [{ name: op.name?.value ?? 'anonymous', text: [...parts].join('\n') }];
  });
}

const PERSON = `query Person($n: NhsNumber!) {
  person(nhsNumber: $n) {
    nhsNumber knownTo
    socialCare { caseStatus allocatedWorker { name phone } }
    health { registeredPractice { name } conditions { display } }
    council { councilId }
  }
}`;

describe('document limits the web app lives within', () => {
  const schema = apiSchemaOf(readSupergraph());
  const { validationRules, parseOptions } = armor(GATEWAY_LIMITS);

  it("lets every query of the web app, the tests' person query and introspection through", () => {
    const docs = [
      ...webDocuments(),
      { name: 'Person', text: PERSON },
      { name: 'IntrospectionQuery', text: getIntrospectionQuery() },
    ];
    for (const d of docs) {
      const errors = validate(schema, parse(d.text, parseOptions), validationRules);
      expect({ name: d.name, errors: errors.map((e) => e.message) }).toEqual({ name: d.name, errors: [] });
    }
  });
});

describe('the gateway refuses oversized documents before running them', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await Stack.start({ people: 120, gateway: { limits: { ...GATEWAY_LIMITS, depth: 4 } } });
    url = `${stack.url}/graphql`;
  });
  afterAll(() => stack.stop());

  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const gp = await stack.as('gp');
    return post(
      url,
      { query, variables },
      { 'content-type': 'application/json', authorization: `Bearer ${gp.token}` },
    );
  };

  it('refuses a query nested deeper than the limit', async () => {
    // The schema has no cycle (its deepest real query is 6 levels), so this stack runs with a
    // depth limit of 4 to show the refusal.
    const deep =
      '{ person(nhsNumber: "9990000018") { socialCare { childProtection { contact { name } } } } }';
    const r = await ask(deep);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.json?.errors?.[0].message).toMatch(/[Dd]epth limit of 4/);
  });

  it('refuses an alias bomb, naming the limit', async () => {
    const bomb = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: me { name }`).join(' ')} }`;
    const r = await ask(bomb);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.json?.errors?.[0].message).toMatch(/[Aa]liases limit of 15/);
  });

  it('refuses too many directives', async () => {
    const r = await ask(`{ me ${'@include(if: true) '.repeat(50)}{ name } }`);
    expect(r.status).toBe(400);
    expect(r.json?.errors?.map((e) => e.message).join(' ')).toMatch(/[Dd]irectives limit of 10/);
  });

  it('refuses a document with more tokens than the limit before validating it', async () => {
    const huge = `{ me { ${'name '.repeat(5000)}} }`;
    const r = await ask(huge);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.json?.errors?.[0].message).toMatch(/2000 tokens/);
  });

  it('refuses a query whose cost is over the limit (wide under a few levels)', async () => {
    // Within the token limit and four levels, repeated fields still add up: each costs more the
    // deeper it sits.
    const wide = `{ person(nhsNumber: "9990000018") { socialCare { allocatedWorker { ${'name '.repeat(1800)}} } } }`;
    const r = await ask(wide);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.json?.errors?.map((e) => e.message).join(' ')).toMatch(/Cost limit of 5000/);
  });

  it('refuses a body over the size limit with 413 and a code, as JSON', async () => {
    const r = await post(url, { query: '{ me { name } }', variables: { pad: 'x'.repeat(300_000) } });
    expect(r.status).toBe(413);
    expect(codeOf(r)).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('field suggestions and introspection', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await Stack.start({ people: 60 });
    url = `${stack.url}/graphql`;
  });
  afterAll(() => stack.stop());

  const typo = '{ me { nam } }';

  it('gives no "Did you mean" hint to someone not signed in', async () => {
    const r = await post(url, { query: typo });
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.json?.errors?.[0].message).toBe('Cannot query field "nam" on type "User".');
  });

  it('gives signed-in staff the hint in development', async () => {
    const gp = await stack.as('gp');
    const r = await gp.request(typo);
    expect(r.errors?.[0].message).toMatch(/Did you mean "name"/);
  });

  it('answers introspection in development', async () => {
    const r = await post(url, { query: '{ __schema { queryType { name } } }' });
    expect(r.json?.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('defaults to no introspection and no suggestions for anyone in production, unless asked for', () => {
    const saved = { ...process.env };
    try {
      process.env.NODE_ENV = 'production';
      delete process.env.INTROSPECTION;
      delete process.env.FIELD_SUGGESTIONS;
      expect(gatewayConfigFromEnv()).toMatchObject({ introspection: false, fieldSuggestions: 'never' });
      process.env.INTROSPECTION = 'on';
      expect(gatewayConfigFromEnv().introspection).toBe(true);
      process.env.NODE_ENV = 'development';
      delete process.env.INTROSPECTION;
      expect(gatewayConfigFromEnv()).toMatchObject({ introspection: true, fieldSuggestions: 'signed-in' });
    } finally {
      process.env = saved;
    }
  });
});

describe('a gateway configured as in production', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ people: 60, gateway: { introspection: false, fieldSuggestions: 'never' } });
  });
  afterAll(() => stack.stop());

  it('refuses introspection and gives nobody field suggestions', async () => {
    const r = await post(`${stack.url}/graphql`, { query: '{ __schema { types { name } } }' });
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.json?.errors?.[0].message).toMatch(/[Ii]ntrospection/);
    const gp = await stack.as('gp');
    const t = await gp.request('{ me { nam } }');
    expect(t.errors?.[0].message).toBe('Cannot query field "nam" on type "User".');
  });
});

describe('document limits from the environment', () => {
  it('reads the gateway and subgraph limits under their own names', () => {
    const env = { LIMIT_DEPTH: '7', LIMIT_COST: '0', SUBGRAPH_LIMIT_DEPTH: '20' };
    expect(limitsFromEnv(GATEWAY_LIMITS, 'LIMIT_', env)).toEqual({ ...GATEWAY_LIMITS, depth: 7, cost: 0 });
    expect(limitsFromEnv(SUBGRAPH_LIMITS, 'SUBGRAPH_LIMIT_', env)).toEqual({ ...SUBGRAPH_LIMITS, depth: 20 });
  });

  it.each([
    ['LIMIT_DEPTH', '12abc'],
    ['LIMIT_DEPTH', '0'],
    ['LIMIT_TOKENS', '-5'],
    ['LIMIT_ALIASES', '1.5'],
    ['LIMIT_COST', 'lots'],
  ])('refuses %s=%s at start, naming it, instead of keeping the default', (name, value) => {
    expect(() => limitsFromEnv(GATEWAY_LIMITS, 'LIMIT_', { [name]: value })).toThrow(
      new RegExp(`^${name} must be a whole number`),
    );
  });

  it('stops the gateway configuration from loading with a bad limit', () => {
    const saved = { ...process.env };
    try {
      process.env.LIMIT_DEPTH = 'deep';
      expect(() => gatewayConfigFromEnv()).toThrow(
        /LIMIT_DEPTH must be a whole number of at least 1, got "deep"/,
      );
    } finally {
      process.env = saved;
    }
  });
});
