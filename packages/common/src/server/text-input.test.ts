import { ApolloServer } from '@apollo/server';
import { MAX_TEXT_LENGTH, textInputGuard, textProblem } from './text-input';

const typeDefs = `#graphql
  directive @tag(label: String) on FIELD
  input Note { text: String, attachment: String }
  type Query { echo(s: String, list: [String!]): String }
  type Mutation {
    file(document: String, note: Note): String
  }
`;

const server = new ApolloServer({
  typeDefs,
  resolvers: { Query: { echo: () => 'ok' }, Mutation: { file: () => 'filed' } },
  plugins: [textInputGuard(['Mutation.file(document:)', 'Note.attachment'])],
});

beforeAll(() => server.start());
afterAll(() => server.stop());

async function run(query: string, variables?: Record<string, unknown>) {
  const res = await server.executeOperation({ query, variables });
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors } = res.body.singleResult;
  return { status: res.http.status ?? 200, data, error: errors?.[0] };
}

const LONG = 'x'.repeat(MAX_TEXT_LENGTH + 1);

describe('the text rule', () => {
  it('takes ordinary and unusual but valid text', () => {
    for (const ok of [
      '',
      'tab\tline\nreturn\r',
      'Zoë 👩🏽‍⚕️ 𝔘',
      'e\u0301',
      '\u202eRTL\u202c',
      'x'.repeat(MAX_TEXT_LENGTH),
    ])
      expect(textProblem(ok)).toBeNull();
  });

  it('refuses control characters, noncharacters, lone surrogates and length', () => {
    expect(textProblem('a\u0000b')).toBe('holds a control character (U+0000)');
    expect(textProblem('a\u001fb')).toBe('holds a control character (U+001F)');
    expect(textProblem('a\uffffb')).toBe('holds a noncharacter (U+FFFF)');
    expect(textProblem('\ud83d')).toBe('is not valid Unicode (a lone surrogate)');
    expect(textProblem('x\udc69')).toBe('is not valid Unicode (a lone surrogate)');
    expect(textProblem(LONG)).toBe(`is longer than ${MAX_TEXT_LENGTH} characters`);
    expect(textProblem(LONG, true)).toBeNull();
  });
});

describe('textInputGuard', () => {
  it('checks variables, lists, input fields and literals, naming where', async () => {
    const cases: [string, Record<string, unknown> | undefined, string][] = [
      ['query($s: String) { echo(s: $s) }', { s: 'a\u0000' }, '$s'],
      ['query($l: [String!]) { echo(list: $l) }', { l: ['ok', '\ud800'] }, '$l[1]'],
      // A single value where a list is declared is coerced to a list of one: still checked.
      ['query($l: [String!]) { echo(list: $l) }', { l: '\u0007' }, '$l'],
      ['mutation($n: Note) { file(note: $n) }', { n: { text: LONG } }, '$n.text'],
      ['{ echo(s: "a\\u0000") }', undefined, 'Query.echo(s:)'],
      ['mutation { file(note: { text: "\\u0001" }) }', undefined, 'Note.text'],
      ['{ echo(s: "ok") @tag(label: "\\u0000") }', undefined, '@tag(label:)'],
    ];
    for (const [query, variables, where] of cases) {
      const r = await run(query, variables);
      expect({
        query,
        status: r.status,
        code: r.error?.extensions?.code,
        where: r.error?.extensions?.argument,
      }).toEqual({
        query,
        status: 400,
        code: 'BAD_USER_INPUT',
        where,
      });
      expect(r.data).toBeUndefined();
    }
  });

  it('checks default values, scalar and object alike', async () => {
    const scalar = await run('query($s: String = "a\\u0000") { echo(s: $s) }');
    expect([scalar.status, scalar.error?.extensions?.argument]).toEqual([400, '$s']);
    const object = await run('mutation($n: Note = { text: "\\u0000" }) { file(note: $n) }');
    expect([object.status, object.error?.extensions?.argument]).toEqual([400, '$n.text']);
    // Refused for what the document holds, even when a value given for the variable replaces it.
    const given = await run('query($s: String = "a\\u0000") { echo(s: $s) }', { s: 'fine' });
    expect(given.error?.extensions?.argument).toBe('$s');
  });

  it('lets a document argument be long, but not broken', async () => {
    expect((await run('mutation($d: String) { file(document: $d) }', { d: LONG })).data).toEqual({
      file: 'filed',
    });
    expect((await run('mutation($n: Note) { file(note: $n) }', { n: { attachment: LONG } })).data).toEqual({
      file: 'filed',
    });
    const broken = await run('mutation($d: String) { file(document: $d) }', { d: `${LONG}\u0000` });
    expect(broken.error?.extensions?.argument).toBe('$d');
  });

  it('holds a variable used as a document and as text to the text limit', async () => {
    const r = await run('mutation($d: String) { file(document: $d) again: file(note: { text: $d }) }', {
      d: LONG,
    });
    expect([r.status, r.error?.extensions?.argument]).toEqual([400, '$d']);
  });

  it('judges an operation by its own fragments, not another operation’s', async () => {
    const doc = `
      query A { ...Fine }
      query B { ...Bad }
      fragment Fine on Query { echo(s: "ok") }
      fragment Bad on Query { echo(s: "\\u0000") }`;
    const a = await server.executeOperation({ query: doc, operationName: 'A' });
    expect(a.body.kind === 'single' && a.body.singleResult.data).toEqual({ echo: 'ok' });
    const b = await server.executeOperation({ query: doc, operationName: 'B' });
    expect(b.body.kind === 'single' && b.body.singleResult.errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
  });
});
