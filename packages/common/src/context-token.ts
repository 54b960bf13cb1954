import { createHash, KeyObject, randomUUID, sign as edSign, verify as edVerify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createRemoteJWKSet,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  importSPKI,
  jwtVerify,
  type CryptoKey,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { unauthenticated } from './errors';
import { isRole, type Role } from './roles';

const ALG = 'EdDSA';
export const CONTEXT_ISSUER = 'care-gateway';
/** Seconds a context token lives: long enough for one subgraph fetch, too short to be worth stealing. */
export const CONTEXT_TTL_SECONDS = 30;

export type PurposeOfUse = 'direct_care' | 'safeguarding' | 'administration' | 'audit' | 'preview';

/** Who is asking and under which governance state: all a subgraph knows of the caller. */
export interface CareContext {
  sub: string;
  name: string;
  role: Role;
  org: string;
  team: string | null;
  purpose: PurposeOfUse;
  /** Policy version in force for this request (or a draft id for "preview as"). */
  policyVersion: number;
  draftPolicy: string | null;
  /** Governance facts epoch: subgraph fact caches are valid only within one epoch. */
  factsEpoch: number;
  /** NHS numbers the caller has break-glass open for. */
  breakGlass: string[];
  requestId: string;
}

export const queryHash = (query: string): string => createHash('sha256').update(query).digest('base64url');

/*
 * Context tokens are signed and checked with Node's own Ed25519, synchronously. WebCrypto (all
 * jose uses) hands every signature to the libuv thread pool and back; with a token per subgraph
 * fetch, that round trip cost more than the signature itself (measured in `npm run bench`). The
 * tokens are ordinary compact JWS (EdDSA) JWTs: jose verifies ours, and we verify jose's.
 */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();
const keyObjectOf = (key: CryptoKey): KeyObject => {
  let k = keyObjects.get(key);
  if (!k) keyObjects.set(key, (k = KeyObject.from(key)));
  return k;
};
const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: ALG }));
const SEGMENT = /^[A-Za-z0-9_-]+$/;

export class ContextSigner {
  constructor(private readonly key: CryptoKey) {}

  /** One token per subgraph fetch: bound to the audience and the exact query document. */
  sign(ctx: CareContext, audience: string, query: string): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    const payload = {
      name: ctx.name,
      role: ctx.role,
      org: ctx.org,
      team: ctx.team,
      purpose: ctx.purpose,
      pv: ctx.policyVersion,
      draft: ctx.draftPolicy,
      fe: ctx.factsEpoch,
      bg: ctx.breakGlass,
      rid: ctx.requestId,
      qh: queryHash(query),
      sub: ctx.sub,
      iss: CONTEXT_ISSUER,
      aud: audience,
      jti: randomUUID(),
      iat,
      exp: iat + CONTEXT_TTL_SECONDS,
    };
    const input = `${HEADER}.${b64url(JSON.stringify(payload))}`;
    return Promise.resolve(
      `${input}.${edSign(null, Buffer.from(input), keyObjectOf(this.key)).toString('base64url')}`,
    );
  }
}

/** jose's checks for a compact EdDSA JWT, on Node's synchronous Ed25519; throws on any failure. */
function verifyCompact(token: string, key: KeyObject, audience: string | string[]): JWTPayload {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) throw new Error('malformed');
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
  if (!header || typeof header !== 'object' || header.alg !== ALG || 'crit' in header || 'b64' in header) {
    throw new Error('unexpected header');
  }
  const signature = Buffer.from(parts[2], 'base64url');
  if (!edVerify(null, Buffer.from(`${parts[0]}.${parts[1]}`), key, signature)) throw new Error('signature');
  const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JWTPayload;
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('payload');
  const now = Math.floor(Date.now() / 1000);
  const wanted = Array.isArray(audience) ? audience : [audience];
  const given = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (payload.iss !== CONTEXT_ISSUER) throw new Error('issuer');
  if (!given.some((a) => typeof a === 'string' && wanted.includes(a))) throw new Error('audience');
  if (typeof payload.exp !== 'number' || payload.exp <= now) throw new Error('expired');
  if (typeof payload.iat !== 'number' || payload.iat > now || now - payload.iat > CONTEXT_TTL_SECONDS + 5) {
    throw new Error('issued at');
  }
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now))
    throw new Error('nbf');
  return payload;
}

/** Remembers token ids until they expire, so a captured token cannot be sent twice to this process. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  /** Returns false when the id was seen before. */
  admit(jti: string, expSeconds: number): boolean {
    const now = Date.now();
    if (now - this.lastSweep > 5000) {
      for (const [id, exp] of this.seen) if (exp * 1000 < now) this.seen.delete(id);
      this.lastSweep = now;
    }
    if (this.seen.has(jti)) return false;
    this.seen.set(jti, expSeconds);
    return true;
  }
}

export type VerifyKey = CryptoKey | JWTVerifyGetKey;

export interface VerifyOptions {
  audience: string | string[];
  /** The query document received; the token must have been signed for exactly it. */
  query?: string;
  replay?: ReplayGuard;
}

export async function verifyContextToken(
  token: string | undefined,
  key: VerifyKey,
  opts: VerifyOptions,
): Promise<CareContext> {
  if (!token) throw unauthenticated('No signed gateway context: call this service through the gateway');
  let payload;
  try {
    payload =
      typeof key === 'function'
        ? // Keys from a remote JWKS (deployment) go through jose, which fetches and rotates them.
          (
            await jwtVerify(token, key, {
              issuer: CONTEXT_ISSUER,
              audience: opts.audience,
              algorithms: [ALG],
              maxTokenAge: CONTEXT_TTL_SECONDS + 5,
            })
          ).payload
        : verifyCompact(token, keyObjectOf(key), opts.audience);
  } catch {
    throw unauthenticated('Gateway context is invalid or expired');
  }
  if (opts.query !== undefined && payload.qh !== queryHash(opts.query)) {
    throw unauthenticated('Gateway context was signed for another query');
  }
  if (opts.replay && (!payload.jti || !payload.exp || !opts.replay.admit(payload.jti, payload.exp))) {
    throw unauthenticated('Gateway context was already used');
  }
  const role = payload.role;
  if (!payload.sub || !isRole(role) || typeof payload.org !== 'string') {
    throw unauthenticated('Gateway context is incomplete');
  }
  return {
    sub: payload.sub,
    name: String(payload.name ?? payload.sub),
    role,
    org: payload.org,
    team: typeof payload.team === 'string' ? payload.team : null,
    purpose: (payload.purpose as PurposeOfUse) ?? 'direct_care',
    policyVersion: Number(payload.pv),
    draftPolicy: typeof payload.draft === 'string' ? payload.draft : null,
    factsEpoch: Number(payload.fe ?? 0),
    breakGlass: Array.isArray(payload.bg) ? payload.bg.map(String) : [],
    requestId: String(payload.rid ?? ''),
  };
}

export interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicPem: string;
}

/** Loads the gateway's signing keys from `dir`, creating them on first start. */
export async function loadOrCreateSigningKeys(dir: string): Promise<KeyPair> {
  const privPath = join(dir, 'context-private.pem');
  const pubPath = join(dir, 'context-public.pem');
  if (!existsSync(privPath) || !existsSync(pubPath)) {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(privPath, await exportPKCS8(privateKey), { mode: 0o600 });
    writeFileSync(pubPath, await exportSPKI(publicKey));
  }
  const publicPem = readFileSync(pubPath, 'utf8');
  return {
    privateKey: await importPKCS8(readFileSync(privPath, 'utf8'), ALG),
    publicKey: await importSPKI(publicPem, ALG, { extractable: true }),
    publicPem,
  };
}

/** A subgraph's verification key: a PEM file (development) or the gateway's JWKS (deployment). */
export async function loadVerifyKey(opts: { publicKeyFile?: string; jwksUrl?: string }): Promise<VerifyKey> {
  if (opts.jwksUrl) return createRemoteJWKSet(new URL(opts.jwksUrl));
  if (opts.publicKeyFile) return importSPKI(readFileSync(opts.publicKeyFile, 'utf8'), ALG);
  throw new Error('No context verification key: set CONTEXT_PUBLIC_KEY_FILE or CONTEXT_JWKS_URL');
}
