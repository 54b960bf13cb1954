import {
  CONTEXT_ISSUER,
  ContextSigner,
  queryHash,
  ReplayGuard,
  verifyContextToken,
  type CareContext,
} from '@care/common';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';

/**
 * The signed context is verified with Node's synchronous Ed25519 (not jose's WebCrypto path, for
 * speed). These check it is still an ordinary EdDSA JWT either way, and that every kind of bad
 * token is refused.
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
const QUERY = '{ _entities(representations: []) { __typename } }';

describe('signed context tokens', () => {
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let other: Awaited<ReturnType<typeof generateKeyPair>>;
  beforeAll(async () => {
    keys = await generateKeyPair('EdDSA', { extractable: true });
    other = await generateKeyPair('EdDSA', { extractable: true });
  });

  const joseToken = (
    claims: Record<string, unknown>,
    header: Record<string, unknown> = { alg: 'EdDSA' },
    key = keys.privateKey,
  ) =>
    new SignJWT({ role: 'gp', org: 'E85001', qh: queryHash(QUERY), ...claims })
      .setProtectedHeader(header as { alg: string })
      .setSubject('dr.okafor')
      .setIssuer(CONTEXT_ISSUER)
      .setAudience('health')
      .setJti(`j-${Math.random()}`)
      .setIssuedAt()
      .setExpirationTime('30s')
      .sign(key);

  it('signs tokens jose verifies, and verifies tokens jose signs', async () => {
    const token = await new ContextSigner(keys.privateKey).sign(CARE, 'health', QUERY);
    const { payload, protectedHeader } = await jwtVerify(token, keys.publicKey, {
      issuer: CONTEXT_ISSUER,
      audience: 'health',
      algorithms: ['EdDSA'],
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({ sub: 'dr.okafor', role: 'gp', pv: 3, fe: 7, rid: 'rid-0001-abcd' });
    expect(await verifyContextToken(token, keys.publicKey, { audience: 'health', query: QUERY })).toEqual(
      CARE,
    );
    const theirs = await joseToken({ name: 'Dr Chidi Okafor' });
    expect(
      await verifyContextToken(theirs, keys.publicKey, { audience: 'health', query: QUERY }),
    ).toMatchObject({
      sub: 'dr.okafor',
      role: 'gp',
    });
  });

  it('refuses a token that is forged, tampered with, expired, for another audience or query, or replayed', async () => {
    const signer = new ContextSigner(keys.privateKey);
    const good = await signer.sign(CARE, 'health', QUERY);
    const [h, p, sig] = good.split('.');
    const tampered = `${h}.${Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'ig_admin' }),
    ).toString('base64url')}.${sig}`;
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    const hs = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${p}.${sig}`;
    const bad: [string, string | undefined, { audience: string; query?: string }][] = [
      ['missing', undefined, { audience: 'health' }],
      ['garbage', 'not.a.token', { audience: 'health' }],
      ['two parts', `${h}.${p}`, { audience: 'health' }],
      ['odd characters', `${h}.${p}.${sig}!!`, { audience: 'health' }],
      ['tampered payload', tampered, { audience: 'health' }],
      ['alg none', none, { audience: 'health' }],
      ['alg swapped', hs, { audience: 'health' }],
      [
        'another key',
        await new ContextSigner(other.privateKey).sign(CARE, 'health', QUERY),
        { audience: 'health' },
      ],
      ['another audience', good, { audience: 'council' }],
      ['another query', good, { audience: 'health', query: '{ __typename }' }],
      ['expired', await joseToken({}, { alg: 'EdDSA' }).then(() => expiredToken()), { audience: 'health' }],
      ['issued in the future', await futureToken(), { audience: 'health' }],
      [
        'crit header',
        await joseToken({}, { alg: 'EdDSA', crit: ['x'], x: 1 }).catch(() => 'x.y.z'),
        { audience: 'health' },
      ],
    ];
    async function expiredToken() {
      return new SignJWT({ role: 'gp', org: 'E85001' })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject('dr.okafor')
        .setIssuer(CONTEXT_ISSUER)
        .setAudience('health')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(keys.privateKey);
    }
    async function futureToken() {
      return new SignJWT({ role: 'gp', org: 'E85001' })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject('dr.okafor')
        .setIssuer(CONTEXT_ISSUER)
        .setAudience('health')
        .setIssuedAt(Math.floor(Date.now() / 1000) + 600)
        .setExpirationTime(Math.floor(Date.now() / 1000) + 900)
        .sign(keys.privateKey);
    }
    for (const [what, token, opts] of bad) {
      await expect(
        verifyContextToken(token, keys.publicKey, opts).then(() => `${what}: accepted`),
      ).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    const replay = new ReplayGuard();
    await verifyContextToken(good, keys.publicKey, { audience: 'health', replay });
    await expect(verifyContextToken(good, keys.publicKey, { audience: 'health', replay })).rejects.toThrow(
      /already used/,
    );
  });
});
