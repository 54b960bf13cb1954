import DataLoader from 'dataloader';
import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import { AccessRecorder } from '../access';
import { emptyFacts, type PersonFacts } from '../facts';
import type { Viewer } from './evaluate';
import { governSchema, type GovernedContext } from './shield';
import type { PolicyDocument } from './types';

const NOW = new Date('2026-12-01T12:00:00Z');
const GP: Viewer = { sub: 'dr.okafor', role: 'gp', org: 'E85001' };
const OURS = '9990000018';
const OTHERS = '9990000026';

const typeDefs = `
  type Query { patient(nhsNumber: String!): Patient, version: String }
  type Mutation { addNote(nhsNumber: String!, text: String!): Boolean, purge(nhsNumber: String!): Boolean }
  type Patient { nhsNumber: String!, name: String, notes: String, conditions: [Condition!], broken: String }
  type Condition { display: String, code: String }
`;

const policy: PolicyDocument = {
  fields: {
    'Query.patient': { cells: { gp: { access: 'related' } } },
    'Query.version': { cells: { gp: { access: 'any' } } },
    'Patient.name': { cells: { gp: { access: 'related' } } },
    'Patient.notes': { cells: { gp: { access: 'related', consent: 'social_care_to_health' } } },
    'Patient.conditions': { cells: { gp: { access: 'related' } } },
    'Condition.display': { cells: { gp: { access: 'related' } } },
    'Patient.broken': { cells: { gp: { access: 'related' } } },
    'Mutation.addNote': { cells: { gp: { access: 'related' } } },
    // Mutation.purge has no cell for anyone.
    // Condition.code has no cell: default deny.
  },
};

const writes: string[] = [];

function governed(): GraphQLSchema {
  const schema = buildSchema(typeDefs);
  const fields = (type: string) =>
    (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
  fields('Query').patient.resolve = (_: unknown, args: { nhsNumber: string }) =>
    // Resolvers answer both at once and later: the guard must keep either.
    Promise.resolve({ nhsNumber: args.nhsNumber, name: 'Ada Lovelace', notes: 'Lives alone' });
  fields('Query').version.resolve = () => '1';
  fields('Mutation').addNote.resolve = () => {
    writes.push('addNote');
    return true;
  };
  fields('Mutation').purge.resolve = () => {
    writes.push('purge');
    return true;
  };
  fields('Patient').conditions.resolve = () => [{ display: 'Asthma', code: '195967001' }];
  fields('Patient').broken.resolve = () => {
    throw new Error('store read failed');
  };
  return governSchema(schema, { keyFields: ['Patient.nhsNumber'] });
}

interface Setup {
  facts?: Record<string, PersonFacts>;
  /** Facts the request holds already (the per-epoch cache); the rest are loaded. */
  held?: string[];
  failLoads?: boolean;
}

function context({ facts = {}, held = [], failLoads = false }: Setup) {
  const loads: string[] = [];
  const access = new AccessRecorder();
  const gov: GovernedContext['gov'] = {
    viewer: GP,
    policy,
    now: NOW,
    access,
    standings: new Map(),
    facts: new DataLoader<string, PersonFacts>(async (keys) => {
      loads.push(...keys);
      if (failLoads) throw new Error('governance facts unavailable');
      return keys.map((k) => facts[k] ?? emptyFacts(k));
    }),
    cachedFacts: (n) => (held.includes(n) ? facts[n] : undefined),
  };
  return { ctx: { gov }, loads, access };
}

const registered = (nhs: string, consented: boolean): PersonFacts => ({
  ...emptyFacts(nhs),
  gpPractice: 'E85001',
  consents: consented ? [{ flow: 'social_care_to_health', state: 'active' }] : [],
});

const QUERY = `query($n: String!) { version patient(nhsNumber: $n) { nhsNumber name notes conditions { display code } } }`;

async function run(n: string, setup: Setup, query = QUERY) {
  const { ctx, loads, access } = context(setup);
  const result = await graphql({
    schema: governed(),
    source: query,
    variableValues: { n },
    contextValue: ctx,
  });
  const denials = (result.errors ?? []).map(
    (e) => `${e.path?.join('.')}: ${String(e.extensions.code)} ${String(e.extensions.reason)}`,
  );
  return { result, denials, loads, access };
}

describe('the shield', () => {
  it.each([
    ['held for the request', [OURS]],
    ['loaded on first use', []],
  ])('returns what the policy allows and withholds the rest, facts %s', async (_how, held) => {
    const { result, denials, loads } = await run(OURS, { facts: { [OURS]: registered(OURS, false) }, held });
    expect(result.data).toEqual({
      version: '1',
      patient: {
        nhsNumber: OURS,
        name: 'Ada Lovelace',
        notes: null,
        conditions: [{ display: 'Asthma', code: null }],
      },
    });
    expect(denials.sort()).toEqual([
      'patient.conditions.0.code: FORBIDDEN role',
      'patient.notes: FORBIDDEN consent',
    ]);
    // Loaded once for the whole request (one batch), or not at all when held.
    expect(loads).toEqual(held.length ? [] : [OURS]);
  });

  it('opens a consent-gated field once consent is active', async () => {
    const { result, denials } = await run(OURS, { facts: { [OURS]: registered(OURS, true) } });
    expect((result.data?.patient as { notes: string | null }).notes).toBe('Lives alone');
    expect(denials).toEqual(['patient.conditions.0.code: FORBIDDEN role']);
  });

  it('shares nothing about a person without a relationship, and records what it withheld', async () => {
    const facts = { [OTHERS]: { ...registered(OTHERS, true), gpPractice: 'Y00001' } };
    const { result, denials, access } = await run(OTHERS, { facts });
    expect(result.data).toEqual({ version: '1', patient: null });
    expect(denials).toEqual(['patient: FORBIDDEN relationship']);
    expect(access.people()).toEqual([
      { nhsNumber: null, allowed: ['Query.version'], denied: [], breakGlass: false, notify: [] },
      {
        nhsNumber: OTHERS,
        allowed: [],
        denied: [{ field: 'Query.patient', reason: 'relationship' }],
        breakGlass: false,
        notify: [],
      },
    ]);
  });

  it('denies when the facts cannot be loaded: no basis to share is not a reason to guess', async () => {
    const { result, denials } = await run(OURS, { failLoads: true });
    expect(result.data).toEqual({ version: '1', patient: null });
    expect(denials).toEqual(['patient: FORBIDDEN relationship']);
  });

  it('passes a resolver failure through as an error, not a denial, and keeps the siblings', async () => {
    const { result } = await run(
      OURS,
      { facts: { [OURS]: registered(OURS, true) }, held: [OURS] },
      `query($n: String!) { patient(nhsNumber: $n) { name broken } }`,
    );
    expect(result.data).toEqual({ patient: { name: 'Ada Lovelace', broken: null } });
    expect(result.errors?.map((e) => [e.path?.join('.'), e.message, e.extensions.code])).toEqual([
      ['patient.broken', 'store read failed', undefined],
    ]);
  });

  it('runs a mutation only when the policy allows it for that person, and never one it does not name', async () => {
    writes.length = 0;
    const facts = {
      [OURS]: registered(OURS, false),
      [OTHERS]: { ...registered(OTHERS, false), gpPractice: 'Y00001' },
    };
    const m = (n: string, field: string) =>
      run(
        n,
        { facts },
        `mutation($n: String!) { ${field}(nhsNumber: $n${field === 'addNote' ? ', text: "x"' : ''}) }`,
      );
    expect((await m(OURS, 'addNote')).result.data).toEqual({ addNote: true });
    expect((await m(OTHERS, 'addNote')).denials).toEqual(['addNote: FORBIDDEN relationship']);
    expect((await m(OURS, 'purge')).denials).toEqual(['purge: FORBIDDEN role']);
    expect(writes).toEqual(['addNote']);
  });

  it('denies everything when a request carries no governance context', async () => {
    const result = await graphql({ schema: governed(), source: '{ version }', contextValue: {} });
    expect(result.data).toEqual({ version: null });
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
  });
});
