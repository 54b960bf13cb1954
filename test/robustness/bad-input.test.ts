import { buildSubgraphSchema } from '@apollo/subgraph';
import { DOCUMENT_ARGUMENTS, ErrorCode } from '@care/common';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiSchemaOf } from '../../gateway/src/governance/api-schema';
import { readSupergraph } from '../../gateway/src/supergraph';
import type { GatewayClient } from '../support/client';
import { Stack } from '../support/stack';
import { codeOf, direct, post, settle, writesSnapshot, type RawResult } from './helpers';
import { coordinateOf, probe, slots, type Slot } from './probes';

// Whole-stack suites: each test makes many requests; generous on a busy machine.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');

/** Every code a client may see; anything else (or a 5xx) is a crash dressed up. */
const CLEAR_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== 'INTERNAL_SERVER_ERROR'),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'OPERATION_RESOLUTION_FAILURE',
]);

const ROLES = [
  'gp',
  'ae_clinician',
  'social_worker',
  'financial_officer',
  'housing_officer',
  'ig_admin',
] as const;
const INJECTION = { $gt: '' };
const OVERSIZED = 'x'.repeat(150_000);
/** Text no field takes: control characters and lone surrogates. */
const BROKEN = ['\ud800 lone high surrogate', 'lone low \udc00 surrogate', 'NUL\u0000inside', 'bell\u0007'];
/** Odd but valid text, which must reach the field's own checks. */
const VALID_ODD = [
  '\u202eevil\u202c right-to-left override',
  'zero\u200bwidth\ufeffBOM',
  'Zoë Ångström-Ñúñez 👩🏽‍⚕️ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'e\u0301\u0301\u0301\u0301 combining',
  'tab\tline\nreturn\r',
];
const BAD_NHS = [
  '9990000019',
  '12345',
  '99900000180',
  'ABCDEFGHIJ',
  '９９９００００１８',
  '',
  ' ',
  '999\u00000001',
  '-999000001',
];

/** Whether an answer is a clear one: no 5xx, and every error carries a known code. */
function clear(r: RawResult): boolean {
  if (r.status >= 500) return false;
  if (!r.json) return false;
  return (r.json.errors ?? []).every((e) => CLEAR_CODES.has(String(e.extensions?.code)));
}

const describeFailure = (what: string, r: RawResult) => `${what} → ${r.status} ${r.text.slice(0, 300)}`;

describe('bad input through the gateway', () => {
  let stack: Stack;
  let url: string;
  let before: Record<string, string>;
  const clients: Partial<Record<(typeof ROLES)[number], GatewayClient>> = {};
  const schema = apiSchemaOf(readSupergraph());
  const all = slots(schema);

  beforeAll(async () => {
    stack = await Stack.start({
      people: 150,
      gateway: { rateLimits: { requestsPerUser: { limit: 1_000_000, windowSeconds: 60 } } },
    });
    url = `${stack.url}/graphql`;
    for (const role of ROLES) clients[role] = await stack.as(role);
    before = await writesSnapshot(stack);
  });
  afterAll(() => stack.stop());

  const as = (role: (typeof ROLES)[number], body: object | string, headers: Record<string, string> = {}) =>
    post(url, body, {
      'content-type': 'application/json',
      authorization: `Bearer ${clients[role]?.token ?? ''}`,
      ...headers,
    });

  it('exempts from the text length limit only document arguments the schema really has', () => {
    const exists = (coordinate: string) => {
      const arg = /^(\w+)\.(\w+)\((\w+):\)$/.exec(coordinate);
      if (arg) {
        const type = schema.getType(arg[1]);
        const field = type && 'getFields' in type ? type.getFields()[arg[2]] : undefined;
        return !!field && 'args' in field && field.args.some((a) => a.name === arg[3]);
      }
      const [typeName, fieldName] = coordinate.split('.');
      const type = schema.getType(typeName);
      return !!type && 'getFields' in type && fieldName in type.getFields();
    };
    expect(DOCUMENT_ARGUMENTS.filter((c) => !exists(c))).toEqual([]);
  });

  it('covers every argument of every query and mutation', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((s) => s.operation === 'mutation' && s.path.length > 1)).toBe(true);
  });

  it('answers malformed JSON, a JSON scalar, no body and the wrong content type with clear codes', async () => {
    const cases: [string, string, Record<string, string>, number, string][] = [
      [
        'malformed JSON',
        '{"query": "{ me { name } }"',
        { 'content-type': 'application/json' },
        400,
        'BAD_REQUEST',
      ],
      ['a JSON string', '"{ me { name } }"', { 'content-type': 'application/json' }, 400, 'BAD_REQUEST'],
      ['an empty body', '', { 'content-type': 'application/json' }, 400, 'BAD_REQUEST'],
      ['text/plain', '{"query":"{ me { name } }"}', { 'content-type': 'text/plain' }, 400, 'BAD_REQUEST'],
      [
        'a form',
        'query=%7Bme%7D',
        { 'content-type': 'application/x-www-form-urlencoded' },
        400,
        'BAD_REQUEST',
      ],
      [
        'an unknown charset',
        '{"query":"{ me { name } }"}',
        { 'content-type': 'application/json; charset=klingon' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
    ];
    for (const [what, body, headers, status, code] of cases) {
      const r = await as('gp', body, headers);
      expect({ what, status: r.status, code: codeOf(r) }).toEqual({ what, status, code });
    }
  });

  it('refuses batched requests (arrays of operations)', async () => {
    const r = await as('gp', [{ query: '{ me { name } }' }, { query: '{ me { role } }' }]);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('BAD_REQUEST');
    expect(r.json?.errors?.[0].message).toMatch(/batching/i);
  });

  it('answers a document whose operation cannot be chosen, a subscription and a bad persisted query with 400 and a clear code; refuses a preview it could not run and an unknown match status', async () => {
    const cases: [string, object, string][] = [
      [
        'unknown name',
        { query: 'query A { me { username } }', operationName: 'B' },
        'OPERATION_RESOLUTION_FAILURE',
      ],
      [
        'several, unnamed',
        { query: 'query A { me { username } } query B { me { role } }' },
        'OPERATION_RESOLUTION_FAILURE',
      ],
      [
        'two mutations, unnamed',
        {
          query:
            'mutation A { login(username: "a", password: "b", otp: "1") { accessToken } } mutation B { login(username: "a", password: "b", otp: "1") { accessToken } }',
        },
        'OPERATION_RESOLUTION_FAILURE',
      ],
      ['subscription', { query: 'subscription { me { username } }' }, 'BAD_REQUEST'],
      [
        'hash of another document',
        { query: '{ me { username } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
        'BAD_REQUEST',
      ],
      [
        'unknown version',
        { query: '{ me { username } }', extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } },
        'BAD_REQUEST',
      ],
    ];
    for (const [what, body, code] of cases) {
      const r = await as('gp', body);
      expect({ what, status: r.status, code: codeOf(r) }).toEqual({ what, status: 400, code });
    }
    const named = await as('gp', { query: 'query A { me { username } }', operationName: 'B' });
    expect(named.json?.errors?.[0].message).toBe('The document has no operation named "B"');
    const preview = await as('ig_admin', {
      query: `mutation($q: String!) { previewAs(role: gp, org: "E85001", query: $q) { data errors } }`,
      variables: { q: 'query A { me { username } } query B { me { role } }' },
    });
    expect(preview.json?.data).toEqual({
      previewAs: { data: null, errors: ['A preview runs one query: the document holds several'] },
    });
    for (const org of ['', '__proto__', 'e85001 ']) {
      const r = await as('ig_admin', {
        query: `mutation($org: String!) { previewAs(role: gp, org: $org, query: "{ me { username } }") { data } }`,
        variables: { org },
      });
      expect([org, r.json?.errors?.[0].extensions]).toEqual([
        org,
        expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'org' }),
      ]);
    }
    const queue = await as('ig_admin', { query: '{ matchQueue(status: "MAYBE") { localId } }' });
    expect(queue.json?.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'status' });
  });

  it('refuses huge documents, deep or wide queries and alias bombs before running them', async () => {
    const huge = await as('gp', { query: `{ me { ${'name '.repeat(50_000)}} }` });
    expect([huge.status, codeOf(huge)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const long = await as('gp', { query: `{ me { ${'name '.repeat(3000)}} }` });
    expect([long.status, codeOf(long)]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
    const bomb = await as('gp', {
      query: `query($n: NhsNumber!) { ${Array.from({ length: 100 }, (_, i) => `p${i}: person(nhsNumber: $n) { nhsNumber }`).join(' ')} }`,
      variables: { n: '9990000018' },
    });
    expect([bomb.status, codeOf(bomb)]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    const wide = await as('gp', {
      query: `{ person(nhsNumber: "9990000018") { socialCare { childProtection { contact { ${'name '.repeat(1500)}} } } } }`,
    });
    expect([wide.status, codeOf(wide)]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
  });

  it('rejects an invalid NHS number wherever one is taken, with BAD_USER_INPUT', async () => {
    const nhsSlots = all.filter((s) => s.type === 'NhsNumber');
    expect(nhsSlots.length).toBeGreaterThan(5);
    for (const slot of nhsSlots)
      for (const bad of BAD_NHS) {
        const r = await as('ig_admin', probe(schema, slot, slot.isList ? [bad] : bad));
        const what = `${slot.field}(${slot.path.join('.')}) = ${JSON.stringify(bad)}`;
        expect(clear(r) ? codeOf(r) : describeFailure(what, r)).toBe('BAD_USER_INPUT');
      }
  });

  it('treats a MongoDB operator object in any string, id or NHS number argument as bad input', async () => {
    const stringy = all.filter((s) => ['String', 'ID', 'NhsNumber'].includes(s.type));
    for (const slot of stringy) {
      const r = await as('gp', probe(schema, slot, INJECTION));
      const what = `${slot.operation} ${slot.field}(${slot.path.join('.')})`;
      expect(clear(r) ? codeOf(r) : describeFailure(what, r)).toBe('BAD_USER_INPUT');
    }
  });

  it('treats operator JSON inside a string as text, for every role, never as a query', async () => {
    const strings = all.filter((s) => s.type === 'String' || s.type === 'ID');
    const failures: string[] = [];
    for (const role of ROLES)
      for (const slot of strings) {
        const r = await as(role, probe(schema, slot, '{"$gt": ""}'));
        if (!clear(r)) failures.push(describeFailure(`${role} ${slot.field}(${slot.path.join('.')})`, r));
      }
    expect(failures).toEqual([]);
    // A search for operator text finds nobody, rather than everybody.
    const search = all.find((s) => s.field === 'searchPeople');
    if (search) {
      const gp = clients.gp as GatewayClient;
      const r = await gp.request<{ searchPeople: unknown[] }>(
        'query($n: String!) { searchPeople(name: $n, dateOfBirth: "1950-01-01") { __typename } }',
        { n: '{"$gt": ""}' },
      );
      expect(r.data?.searchPeople ?? []).toHaveLength(0);
    }
  });

  it('refuses unknown enum values', async () => {
    const enums = all.filter((s) => {
      const t = schema.getType(s.type);
      return t !== undefined && 'getValues' in t;
    });
    expect(enums.length).toBeGreaterThan(5);
    for (const slot of enums) {
      const r = await as('gp', probe(schema, slot, 'NOT_A_VALUE'));
      expect(clear(r) ? codeOf(r) : describeFailure(slot.field, r)).toBe('BAD_USER_INPUT');
    }
    const literal = await as('gp', { query: '{ myCaseload(status: NOT_A_STATUS) { nhsNumber } }' });
    expect(codeOf(literal)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses oversized text, control characters and broken Unicode in every text argument, naming it', async () => {
    const texts = all.filter((s: Slot) => s.type === 'String' || s.type === 'ID');
    const failures: string[] = [];
    for (const slot of texts) {
      const document = DOCUMENT_ARGUMENTS.includes(coordinateOf(schema, slot));
      for (const value of [...(document ? [] : [OVERSIZED]), ...BROKEN]) {
        // The least privileged role: the text is refused before any rule is asked.
        const r = await as('housing_officer', probe(schema, slot, slot.isList ? [value] : value));
        const message = r.json?.errors?.[0]?.message ?? '';
        if (codeOf(r) !== 'BAD_USER_INPUT' || !message.startsWith(`Text in $${slot.path[0]}`))
          failures.push(
            describeFailure(`${slot.field}(${slot.path.join('.')}) ${JSON.stringify(value.slice(0, 12))}`, r),
          );
      }
    }
    expect(failures).toEqual([]);
    // A document argument takes more than any note may hold, and is left to its own parser.
    const fhir = all.find((s) => s.field === 'importFhir');
    if (fhir) {
      const r = await as(
        'ig_admin',
        probe(schema, fhir, JSON.stringify({ resourceType: 'Bundle', pad: OVERSIZED })),
      );
      expect(r.json?.errors?.[0]?.message ?? '').not.toMatch(/^Text in/);
    }
    // A lone surrogate written as a JSON escape, as a hostile client would send it.
    const raw = await as(
      'gp',
      '{"query":"query($u: String!) { searchPeople(name: $u, dateOfBirth: \\"1950-01-01\\") { __typename } }","variables":{"u":"\\ud800"}}',
    );
    expect([raw.status, codeOf(raw), raw.json?.errors?.[0]?.message]).toEqual([
      400,
      'BAD_USER_INPUT',
      'Text in $u is not valid Unicode (a lone surrogate); nothing was changed',
    ]);
    // And one written into the document itself.
    const literal = await as('gp', {
      query: 'query { searchPeople(name: "NUL\\u0000", dateOfBirth: "1950-01-01") { __typename } }',
    });
    expect(literal.json?.errors?.[0]?.message).toBe(
      'Text in Query.searchPeople(name:) holds a control character (U+0000); nothing was changed',
    );
  });

  it('takes unusual but valid text (accents, emoji, right-to-left marks, tabs) past the text check', async () => {
    const texts = all.filter((s: Slot) => s.type === 'String');
    const failures: string[] = [];
    for (const slot of texts)
      for (const value of VALID_ODD) {
        const r = await as('ig_admin', probe(schema, slot, slot.isList ? [value] : value));
        if (!clear(r) || /^Text in/.test(r.json?.errors?.[0]?.message ?? ''))
          failures.push(describeFailure(`${slot.field}(${slot.path.join('.')}) ${value.slice(0, 12)}`, r));
      }
    expect(failures).toEqual([]);
    // And a search by such a name finds the person, as typed.
    const gp = clients.gp as GatewayClient;
    const r = await gp.request<{ searchPeople: unknown[] }>(
      'query($n: String!) { searchPeople(name: $n, dateOfBirth: "1950-01-01") { __typename } }',
      { n: 'Zoë Ångström-Ñúñez' },
    );
    expect(r.errors).toBeUndefined();
  });

  it('kept serving throughout, and wrote nothing', async () => {
    await settle();
    expect(await writesSnapshot(stack)).toEqual(before);
    const health = await fetch(`${stack.url}/health`);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    const gp = clients.gp as GatewayClient;
    expect((await gp.request<{ me: { username: string } }>('{ me { username } }')).data?.me.username).toBe(
      'dr.okafor',
    );
  });
});

describe('bad input sent straight to a subgraph with a valid signed context', () => {
  let stack: Stack;
  let before: Record<string, string>;
  beforeAll(async () => {
    stack = await Stack.start({ people: 120 });
    before = await writesSnapshot(stack);
  });
  afterAll(() => stack.stop());

  const ENTITY =
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { socialCare { caseStatus } } } }';

  it('answers malformed JSON, the wrong content type, batches and oversized bodies with clear codes', async () => {
    const url = () => stack.config.subgraphUrls['social-care'];
    const malformed = await direct(stack, 'social-care', 'social_worker', '{"query": "{');
    expect([malformed.status, codeOf(malformed)]).toEqual([400, 'BAD_REQUEST']);
    const text = await direct(
      stack,
      'social-care',
      'social_worker',
      { query: ENTITY },
      { 'content-type': 'text/plain' },
    );
    expect([text.status, codeOf(text)]).toEqual([400, 'BAD_REQUEST']);
    const batch = await direct(stack, 'social-care', 'social_worker', [{ query: ENTITY }, { query: ENTITY }]);
    expect([batch.status, codeOf(batch)]).toEqual([400, 'BAD_REQUEST']);
    const big = await post(url(), { query: '{ __typename }', variables: { pad: 'x'.repeat(300_000) } });
    expect([big.status, codeOf(big)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('refuses alias bombs and huge documents even with a valid token', async () => {
    const bomb = `query($r: [_Any!]!) { ${Array.from({ length: 100 }, (_, i) => `e${i}: _entities(representations: $r) { __typename }`).join(' ')} }`;
    const r = await direct(stack, 'social-care', 'social_worker', { query: bomb, variables: { r: [] } });
    expect([r.status, codeOf(r)]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    const huge = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { socialCare { ${'caseStatus '.repeat(9000)}} } } }`;
    const h = await direct(stack, 'social-care', 'social_worker', { query: huge, variables: { r: [] } });
    expect([h.status, codeOf(h)]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
  });

  it('treats operator objects and invalid NHS numbers in entity keys as bad input, not as a query', async () => {
    for (const nhsNumber of [
      { $gt: '' },
      { $ne: null },
      ['9990000018'],
      '9990000019',
      'not a number',
      null,
    ]) {
      const r = await direct(stack, 'social-care', 'social_worker', {
        query: ENTITY,
        variables: { r: [{ __typename: 'Person', nhsNumber }] },
      });
      expect({ nhsNumber, code: codeOf(r) }).toEqual({ nhsNumber, code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(r.json?.data ?? null)).not.toMatch(/caseStatus":"/);
    }
  });

  it('treats operator objects in arguments as bad input, and unknown enum values too', async () => {
    const refer = 'mutation($i: ReferralInput!) { createReferral(input: $i) { id } }';
    const input = {
      nhsNumber: '9990000018',
      service: 'HOME_CARE',
      urgency: 'ROUTINE',
      reason: { $ne: null },
      idempotencyKey: 'probe-key-0001',
    };
    const r = await direct(stack, 'social-care', 'gp', { query: refer, variables: { i: input } });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    const e = await direct(stack, 'social-care', 'gp', {
      query: refer,
      variables: { i: { ...input, reason: 'ok', service: 'TELEPORT' } },
    });
    expect(codeOf(e)).toBe('BAD_USER_INPUT');
    const s = await direct(stack, 'social-care', 'social_worker', {
      query: 'query($s: CaseStatus) { myCaseload(status: $s) { nhsNumber } }',
      variables: { s: { $gt: '' } },
    });
    expect(codeOf(s)).toBe('BAD_USER_INPUT');
  });

  describe.each(['social-care', 'health', 'council', 'governance'] as const)(
    'the %s subgraph, probed argument by argument from its own schema',
    (name) => {
      const sdl = readFileSync(
        join(ROOT, name === 'governance' ? 'gateway' : `subgraphs/${name}`, 'schema.graphql'),
        'utf8',
      );
      const own = buildSubgraphSchema([{ typeDefs: parse(sdl) }]);
      const ownSlots = slots(own);
      const send = (body: Parameters<typeof direct>[3], headers?: Record<string, string>) =>
        direct(stack, name, 'social_worker', body, headers);

      it('has arguments to probe', () => {
        expect(ownSlots.length).toBeGreaterThan(name === 'council' ? 0 : 3);
      });

      it('answers malformed JSON, the wrong content type and batches with BAD_REQUEST', async () => {
        const query = '{ _service { sdl } }';
        const answers = [
          await send('{"query": "{'),
          await send({ query }, { 'content-type': 'text/plain' }),
          await send([{ query }, { query }]),
        ];
        expect(answers.map((r) => [r.status, codeOf(r)])).toEqual(Array(3).fill([400, 'BAD_REQUEST']));
      });

      it('treats operator objects, unknown enum values and bad text as bad input in every argument', async () => {
        const failures: string[] = [];
        for (const slot of ownSlots) {
          const values: unknown[] = [];
          if (['String', 'ID', 'NhsNumber'].includes(slot.type)) values.push(INJECTION, ...BROKEN);
          if (['String', 'ID'].includes(slot.type) && !DOCUMENT_ARGUMENTS.includes(coordinateOf(own, slot)))
            values.push(OVERSIZED);
          if (slot.type === 'NhsNumber') values.push('9990000019');
          const t = own.getType(slot.type);
          if (t && 'getValues' in t) values.push('NOT_A_VALUE');
          for (const value of values) {
            const r = await send(probe(own, slot, slot.isList ? [value] : value));
            // Text is refused by the text rule itself, not by some other argument's dummy value.
            const byTextRule =
              typeof value !== 'string' ||
              !(BROKEN.includes(value) || value === OVERSIZED) ||
              (r.json?.errors?.[0]?.message ?? '').startsWith(`Text in $${slot.path[0]}`);
            if (codeOf(r) !== 'BAD_USER_INPUT' || !byTextRule)
              failures.push(
                describeFailure(
                  `${slot.field}(${slot.path.join('.')}) ${JSON.stringify(value).slice(0, 20)}`,
                  r,
                ),
              );
          }
        }
        expect(failures).toEqual([]);
      });

      it('treats operator objects and invalid NHS numbers in a Person key as bad input', async () => {
        const failures: string[] = [];
        for (const nhsNumber of [
          { $gt: '' },
          { $ne: null },
          ['9990000018'],
          '9990000019',
          'NUL\u0000',
          null,
        ]) {
          const r = await send({
            query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
            variables: { r: [{ __typename: 'Person', nhsNumber }] },
          });
          if (codeOf(r) !== 'BAD_USER_INPUT') failures.push(describeFailure(JSON.stringify(nhsNumber), r));
        }
        expect(failures).toEqual([]);
      });
    },
  );

  it('wrote nothing and kept serving', async () => {
    await settle();
    expect(await writesSnapshot(stack)).toEqual(before);
    for (const s of Object.values(stack.subgraphs)) {
      const h = await fetch(`${s.listening.url}/health`);
      expect(h.status).toBe(200);
    }
  });
});
