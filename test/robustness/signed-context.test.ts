import {
  argumentsHash,
  CONTEXT_ISSUER,
  ContextKeys,
  ContextSigner,
  contextKeyFile,
  loadContextKey,
  queryHash,
  ReplayGuard,
  subgraphKeyring,
  verifyContextToken,
  type BoundRequest,
  type CareContext,
} from '@care/common';
import { jwtVerify, SignJWT } from 'jose';
import { createHmac } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The signed context is an ordinary HS256 JWT, MACed with the key of its audience and checked
 * with Node's crypto (no jose on the hot path). These check jose reads ours and we read jose's,
 * that a subgraph holds its own key and no other, and that every kind of bad token is refused.
 */
const CARE: CareContext = {
  sub: 'dr.okafor',
  name: 'Dr Chidi Okafor',
  role: 'gp',
  org: 'E85001',
  team: 'GP partners',
  purpose: 'direct_care',
  policyVersion: 3,
  draftPolicy: null,
  factsEpoch: 7,
  breakGlass: ['9990000018'],
  requestId: 'rid-0001-abcd',
};
const QUERY = 'query Lookup($r: [_Any!]!) { _entities(representations: $r) { __typename } }';
const REQUEST: BoundRequest = {
  query: QUERY,
  operationName: 'Lookup',
  variables: { r: [{ __typename: 'Person', nhsNumber: '9990000018' }] },
};

describe('signed context tokens', () => {
  const keys = ContextKeys.generate();
  const health = subgraphKeyring('health', keys.keyFor('health'));
  const signer = new ContextSigner(keys.ring);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

  /** A token made by jose, with any claim overridden (all set directly: jose's setters would win). */
  const joseToken = (
    claims: Record<string, unknown>,
    header: Record<string, unknown> = { alg: 'HS256' },
    secret: Uint8Array = keys.keyFor('health').secret,
  ) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      sub: 'dr.okafor',
      iss: CONTEXT_ISSUER,
      aud: 'health',
      jti: `j-${Math.random()}`,
      iat: now,
      exp: now + 30,
      role: 'gp',
      org: 'E85001',
      qh: queryHash(QUERY),
      vh: argumentsHash(REQUEST),
      ...claims,
    })
      .setProtectedHeader(header as { alg: string })
      .sign(secret);
  };

  it('signs tokens jose verifies, and verifies tokens jose signs', async () => {
    const token = signer.sign(CARE, 'health', REQUEST);
    const { payload, protectedHeader } = await jwtVerify(token, keys.keyFor('health').secret, {
      issuer: CONTEXT_ISSUER,
      audience: 'health',
      algorithms: ['HS256'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'HS256', kid: keys.keyFor('health').id });
    expect(payload).toMatchObject({ sub: 'dr.okafor', role: 'gp', pv: 3, fe: 7, rid: 'rid-0001-abcd' });
    expect(verifyContextToken(token, health, { audience: 'health', request: REQUEST })).toEqual(CARE);
    const theirs = await joseToken({ name: 'Dr Chidi Okafor' });
    expect(verifyContextToken(theirs, health, { audience: 'health', request: REQUEST })).toMatchObject({
      sub: 'dr.okafor',
      role: 'gp',
    });
  });

  it('binds the variables as they cross the wire: what the subgraph parses matches what was signed', () => {
    const variables = {
      r: [{ __typename: 'Person', nhsNumber: '9990000018', note: 'caf\u00e9 \ud83d\ude00 \ud800 \u2028' }],
      big: 1e21,
      tiny: 5e-324,
      negativeZero: -0,
      '10': 'integer-like key',
      b: { '2': 1, a: [null, true, 'x'] },
      ['__proto__']: { polluted: true },
      dropped: undefined,
    };
    const token = signer.sign(CARE, 'health', { query: QUERY, operationName: 'Lookup', variables });
    const received = JSON.parse(
      JSON.stringify({ query: QUERY, operationName: 'Lookup', variables }),
    ) as BoundRequest;
    expect(verifyContextToken(token, health, { audience: 'health', request: received })).toEqual(CARE);
    // As the gateway signs: over the variables' text it then sends, serialised once.
    const sent = JSON.stringify(variables);
    const asSent = signer.sign(CARE, 'health', {
      query: QUERY,
      operationName: 'Lookup',
      variablesJson: sent,
    });
    const wire = JSON.parse(
      `{"query":${JSON.stringify(QUERY)},"variables":${sent},"operationName":"Lookup"}`,
    );
    expect(verifyContextToken(asSent, health, { audience: 'health', request: wire as BoundRequest })).toEqual(
      CARE,
    );
  });

  it('gives every audience its own key, so one subgraph cannot speak for the gateway to another', () => {
    const ids = ['social-care', 'health', 'council', 'governance'].map((a) => keys.keyFor(a).id);
    expect(new Set(ids).size).toBe(4);
    const forCouncil = signer.sign(CARE, 'council', REQUEST);
    // Health holds no council key: a council token (or one relabelled to health) never verifies there.
    expect(() => verifyContextToken(forCouncil, health, { audience: 'council' })).toThrow(/invalid/);
    const [h, p, sig] = forCouncil.split('.');
    const relabelled = `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), aud: 'health' })}.${sig}`;
    expect(() => verifyContextToken(relabelled, health, { audience: 'health' })).toThrow(/does not hold/);
    // What a subgraph could mint with its own key is good for itself alone.
    const minted = new ContextSigner(subgraphKeyring('council', keys.keyFor('council')));
    expect(() => minted.sign(CARE, 'health', REQUEST)).toThrow(/No context key for health/);
  });

  it('refuses a token that is forged, tampered with, expired, for another audience, query or variables, or replayed', async () => {
    const good = signer.sign(CARE, 'health', REQUEST);
    const [h, p, sig] = good.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${h}.${b64({ ...claims, role: 'ig_admin' })}.${sig}`;
    const none = `${b64({ alg: 'none' })}.${p}.`;
    const eddsa = `${b64({ alg: 'EdDSA' })}.${p}.${sig}`;
    const now = Math.floor(Date.now() / 1000);
    const bad: [string, string | undefined, { audience: string; request?: BoundRequest }][] = [
      ['missing', undefined, { audience: 'health' }],
      ['garbage', 'not.a.token', { audience: 'health' }],
      ['two parts', `${h}.${p}`, { audience: 'health' }],
      ['odd characters', `${h}.${p}.${sig}!!`, { audience: 'health' }],
      ['tampered payload', tampered, { audience: 'health' }],
      ['truncated signature', `${h}.${p}.${sig.slice(0, 20)}`, { audience: 'health' }],
      ['alg none', none, { audience: 'health' }],
      ['alg swapped', eddsa, { audience: 'health' }],
      [
        'another secret',
        new ContextSigner(ContextKeys.generate().ring).sign(CARE, 'health', REQUEST),
        { audience: 'health' },
      ],
      ['another key id', `${b64({ alg: 'HS256', kid: 'not-this-one' })}.${p}.${sig}`, { audience: 'health' }],
      ['another audience', good, { audience: 'council' }],
      ['another query', good, { audience: 'health', request: { ...REQUEST, query: '{ __typename }' } }],
      [
        'other variables',
        good,
        {
          audience: 'health',
          request: { ...REQUEST, variables: { r: [{ __typename: 'Person', nhsNumber: '9990000026' }] } },
        },
      ],
      ['no variables', good, { audience: 'health', request: { query: QUERY, operationName: 'Lookup' } }],
      ['another operation', good, { audience: 'health', request: { ...REQUEST, operationName: 'Other' } }],
      ['no arguments hash', await joseToken({ vh: undefined }), { audience: 'health', request: REQUEST }],
      ['expired', await joseToken({ iat: now - 120, exp: now - 60 }), { audience: 'health' }],
      ['issued in the future', await joseToken({ iat: now + 600, exp: now + 900 }), { audience: 'health' }],
      ['not yet valid', await joseToken({ nbf: now + 600 }), { audience: 'health' }],
      ['another issuer', await joseToken({ iss: 'someone-else' }), { audience: 'health' }],
      ['no role', await joseToken({ role: 'superuser' }), { audience: 'health' }],
      [
        'crit header',
        await joseToken({}, { alg: 'HS256', crit: ['x'], x: 1 }).catch(() => 'x.y.z'),
        { audience: 'health' },
      ],
    ];
    // Each case names itself, so one that slips through says which it was.
    const outcome = (token: string | undefined, opts: { audience: string; request?: BoundRequest }) => {
      try {
        verifyContextToken(token, health, opts);
        return 'accepted';
      } catch (e) {
        return String((e as { extensions?: { code?: string } }).extensions?.code);
      }
    };
    for (const [what, token, opts] of bad)
      expect(`${what}: ${outcome(token, opts)}`).toBe(`${what}: UNAUTHENTICATED`);
    const replay = new ReplayGuard();
    verifyContextToken(good, health, { audience: 'health', replay });
    expect(() => verifyContextToken(good, health, { audience: 'health', replay })).toThrow(/already used/);
  });

  it("accepts only the gateway's sealed tokens where the gateway serves subgraphs (its internal API)", () => {
    const gateway = keys.signer();
    const sealedBy = { audience: ['social-care', 'health', 'council'], sealedBy: keys.seal };
    const issued = gateway.sign(CARE, 'council', REQUEST);
    expect(verifyContextToken(issued, keys.ring, sealedBy)).toEqual(CARE);
    // Subgraphs read sealed tokens like any other.
    const council = subgraphKeyring('council', keys.keyFor('council'));
    expect(verifyContextToken(issued, council, { audience: 'council', request: REQUEST })).toEqual(CARE);
    // What council's key can make, the gateway's internal API refuses: minted, or resealed claims.
    const minted = new ContextSigner(council).sign({ ...CARE, role: 'ig_admin' }, 'council', REQUEST);
    expect(verifyContextToken(minted, council, { audience: 'council' })).toMatchObject({ role: 'ig_admin' });
    expect(() => verifyContextToken(minted, keys.ring, sealedBy)).toThrow(/invalid/);
    const [h, p] = issued.split('.');
    const json = Buffer.from(p, 'base64url').toString();
    const widened = json.replace(/"exp":\d+/, `"exp":${Math.floor(Date.now() / 1000) + 3600}`);
    const input = `${h}.${Buffer.from(widened).toString('base64url')}`;
    const resigned = `${input}.${createHmac('sha256', keys.keyFor('council').secret).update(input).digest('base64url')}`;
    expect(verifyContextToken(resigned, council, { audience: 'council' })).toEqual(CARE);
    expect(() => verifyContextToken(resigned, keys.ring, sealedBy)).toThrow(/invalid/);
    // Another gateway's seal is not this one's.
    const other = ContextKeys.generate();
    expect(() => verifyContextToken(issued, keys.ring, { ...sealedBy, sealedBy: other.seal })).toThrow(
      /invalid/,
    );
  });

  it('says so when a subgraph holds a key the gateway no longer signs with', () => {
    const stale = subgraphKeyring('health', ContextKeys.generate().keyFor('health'));
    expect(() =>
      verifyContextToken(signer.sign(CARE, 'health', REQUEST), stale, { audience: 'health' }),
    ).toThrow(/signed with a key this service does not hold/);
  });
});

describe('context keys on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'care-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps one secret, readable by its owner only, and writes each subgraph its own key', () => {
    const first = ContextKeys.loadOrCreate(join(dir, 'keys'), join(dir, 'export'));
    const again = ContextKeys.loadOrCreate(join(dir, 'keys'));
    expect(again.keyFor('health')).toEqual(first.keyFor('health'));
    expect(statSync(join(dir, 'keys', 'context-secret')).mode & 0o077).toBe(0);
    for (const name of ['social-care', 'health', 'council']) {
      const file = contextKeyFile(join(dir, 'keys'), name);
      expect(statSync(file).mode & 0o077).toBe(0);
      expect(loadContextKey(file, name)).toEqual(first.keyFor(name));
      expect(loadContextKey(join(dir, 'export', name, 'context.key'), name)).toEqual(first.keyFor(name));
      // The file holds that subgraph's key only: never the secret the others derive from.
      expect(readFileSync(file, 'utf8')).not.toContain(
        readFileSync(join(dir, 'keys', 'context-secret'), 'utf8').trim(),
      );
    }
  });

  it('refuses a key file written for another subgraph, or a missing one, with what to do', () => {
    ContextKeys.loadOrCreate(join(dir, 'keys'));
    expect(() => loadContextKey(contextKeyFile(join(dir, 'keys'), 'council'), 'health')).toThrow(
      /holds the context key of council, not of health/,
    );
    expect(() => loadContextKey(join(dir, 'nowhere.key'), 'health')).toThrow(/CONTEXT_KEY_FILE/);
    writeFileSync(join(dir, 'short.key'), JSON.stringify({ audience: 'health', key: 'abc' }));
    expect(() => loadContextKey(join(dir, 'short.key'), 'health')).toThrow(/32-byte/);
    writeFileSync(join(dir, 'empty.key'), '');
    expect(() => loadContextKey(join(dir, 'empty.key'), 'health')).toThrow(/not a context key file/);
  });

  it('makes a key file owner-only even when an older one was readable by others', () => {
    ContextKeys.loadOrCreate(join(dir, 'keys'));
    const file = contextKeyFile(join(dir, 'keys'), 'health');
    chmodSync(file, 0o644);
    ContextKeys.loadOrCreate(join(dir, 'keys'));
    expect(statSync(file).mode & 0o077).toBe(0);
  });
});
