import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ContextKey, ContextKeyring } from './context-keys';
import { unauthenticated } from './errors';
import { isRole, type Role } from './roles';

const ALG = 'HS256';
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

const hashes = new Map<string, string>();

/**
 * SHA-256 of a query document, base64url. A gateway sends the few documents its query plans hold,
 * over and over (each fetch's token is bound to one), so hashes are kept: bounded, and dropped
 * wholesale when a flood of distinct documents fills the table.
 */
export function queryHash(query: string): string {
  let h = hashes.get(query);
  if (h === undefined) {
    h = createHash('sha256').update(query).digest('base64url');
    if (query.length <= 4096) {
      if (hashes.size >= 2000) hashes.clear();
      hashes.set(query, h);
    }
  }
  return h;
}

/** What a context token is bound to: one subgraph request, as the gateway sends it. */
export interface BoundRequest {
  query: string;
  variables?: unknown;
  /** The variables as the sender serialised them, `JSON.stringify(variables ?? null)`, if it has. */
  variablesJson?: string;
  operationName?: unknown;
}

/**
 * SHA-256 of a request's operation name and variables as JSON, base64url. Both ends hash the same
 * text: the subgraph re-serialises the variables it parsed, and JSON.stringify(JSON.parse(s))
 * gives back s for anything JSON.stringify wrote.
 */
export function argumentsHash(
  request: Pick<BoundRequest, 'variables' | 'variablesJson' | 'operationName'>,
): string {
  const variables = request.variablesJson ?? JSON.stringify(request.variables ?? null);
  return createHash('sha256')
    .update(`[${JSON.stringify(request.operationName ?? null)},${variables}]`)
    .digest('base64url');
}

/*
 * Context tokens are ordinary compact JWS JWTs (HS256, jose reads them), signed with the key of
 * their audience (see context-keys.ts for why a key per audience) and checked synchronously.
 */
const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const mac = (key: ContextKey, input: string): Buffer =>
  createHmac('sha256', key.secret).update(input).digest();

/*
 * The gateway's seal: a MAC of the token's other claims under a key only the gateway holds,
 * spliced in as the last claim (`gs`). A subgraph holds its audience's key, so it could mint a
 * token that it would itself accept; it cannot seal one. The gateway's internal API (facts,
 * policy, the person index) accepts only sealed tokens, so a leaked subgraph key opens nothing
 * there, and a subgraph can present only the live tokens the gateway gave it.
 */
const SEAL_CLAIM = ',"gs":"';
const seal = (key: ContextKey, claims: string): string => mac(key, claims).toString('base64url');

export class ContextSigner {
  private readonly headers = new Map<string, string>();

  /** `sealKey`: the gateway's own (see ContextKeys.seal); without it tokens are not sealed. */
  constructor(
    private readonly keys: ContextKeyring,
    private readonly sealKey?: ContextKey,
  ) {}

  /**
   * One token per subgraph fetch: bound to the audience, the exact query document (`qh`) and the
   * operation name and variables (`vh`), so a token seen in transit opens nothing but the request
   * it was issued for, even at a replica whose replay memory has not seen it.
   */
  sign(ctx: CareContext, audience: string, request: BoundRequest): string {
    const key = this.keys(audience);
    if (!key) throw new Error(`No context key for ${audience}`);
    let header = this.headers.get(audience);
    if (!header) {
      header = b64url(JSON.stringify({ alg: ALG, typ: 'JWT', kid: key.id }));
      this.headers.set(audience, header);
    }
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
      qh: queryHash(request.query),
      vh: argumentsHash(request),
      sub: ctx.sub,
      iss: CONTEXT_ISSUER,
      aud: audience,
      jti: randomUUID(),
      iat,
      exp: iat + CONTEXT_TTL_SECONDS,
    };
    let claims = JSON.stringify(payload);
    if (this.sealKey) claims = `${claims.slice(0, -1)}${SEAL_CLAIM}${seal(this.sealKey, claims)}"}`;
    const input = `${header}.${b64url(claims)}`;
    return `${input}.${mac(key, input).toString('base64url')}`;
  }
}

interface Claims {
  [claim: string]: unknown;
  aud?: unknown;
  iss?: unknown;
  exp?: unknown;
  iat?: unknown;
  nbf?: unknown;
  jti?: unknown;
  sub?: unknown;
}

/** A compact HS256 JWT for one of `audience`, with jose's checks; throws on any failure. */
function verifyCompact(
  token: string,
  keys: ContextKeyring,
  audience: string | string[],
): { payload: Claims; json: string } {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) throw new Error('malformed');
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
  if (!header || typeof header !== 'object' || header.alg !== ALG || 'crit' in header || 'b64' in header) {
    throw new Error('unexpected header');
  }
  const json = Buffer.from(parts[1], 'base64url').toString('utf8');
  const payload = JSON.parse(json) as Claims;
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('payload');
  // The key follows the claimed audience, which must be one this holder accepts; a token for an
  // audience whose key this holder lacks (another subgraph's) fails here, before any MAC.
  const wanted = Array.isArray(audience) ? audience : [audience];
  if (typeof payload.aud !== 'string' || !wanted.includes(payload.aud)) throw new Error('audience');
  const key = keys(payload.aud);
  if (!key) throw new Error('audience');
  if (header.kid !== undefined && header.kid !== key.id) throw new Error('key');
  const signature = Buffer.from(parts[2], 'base64url');
  const expected = mac(key, `${parts[0]}.${parts[1]}`);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw new Error('signature');
  }
  const now = Math.floor(Date.now() / 1000);
  if (payload.iss !== CONTEXT_ISSUER) throw new Error('issuer');
  if (typeof payload.exp !== 'number' || payload.exp <= now) throw new Error('expired');
  if (typeof payload.iat !== 'number' || payload.iat > now || now - payload.iat > CONTEXT_TTL_SECONDS + 5) {
    throw new Error('issued at');
  }
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now))
    throw new Error('nbf');
  return { payload, json };
}

/** Whether the claims carry the gateway's seal over exactly the rest of them. */
function sealed(json: string, key: ContextKey): boolean {
  const at = json.lastIndexOf(SEAL_CLAIM);
  if (at < 0 || !json.endsWith('"}')) return false;
  const given = Buffer.from(json.slice(at + SEAL_CLAIM.length, -2), 'utf8');
  const expected = Buffer.from(seal(key, `${json.slice(0, at)}}`), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
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

export interface VerifyOptions {
  audience: string | string[];
  /** The gateway's seal key: only tokens the gateway itself issued are accepted (its internal API). */
  sealedBy?: ContextKey;
  /** The request received; the token must have been signed for exactly its query and arguments. */
  request?: BoundRequest;
  replay?: ReplayGuard;
}

export function verifyContextToken(
  token: string | undefined,
  keys: ContextKeyring,
  opts: VerifyOptions,
): CareContext {
  return verifyContextClaims(token, keys, opts).care;
}

/** `verifyContextToken`, also saying which audience the token was issued for. */
export function verifyContextClaims(
  token: string | undefined,
  keys: ContextKeyring,
  opts: VerifyOptions,
): { care: CareContext; audience: string } {
  if (!token) throw unauthenticated('No signed gateway context: call this service through the gateway');
  let payload: Claims;
  try {
    const verified = verifyCompact(token, keys, opts.audience);
    payload = verified.payload;
    if (opts.sealedBy && !sealed(verified.json, opts.sealedBy)) throw new Error('seal');
  } catch (e) {
    // A key id that does not match is most often a deployment fault (keys changed, a subgraph
    // given another's key, a token sent to the wrong service): say so, and what to do.
    if ((e as Error).message === 'key')
      throw unauthenticated(
        "Gateway context was signed with a key this service does not hold: if the gateway's keys changed, provision this service's context key again",
      );
    throw unauthenticated('Gateway context is invalid or expired');
  }
  if (opts.request !== undefined) {
    if (payload.qh !== queryHash(opts.request.query)) {
      throw unauthenticated('Gateway context was signed for another query');
    }
    if (payload.vh !== argumentsHash(opts.request)) {
      throw unauthenticated('Gateway context was signed for other variables');
    }
  }
  if (
    opts.replay &&
    (typeof payload.jti !== 'string' ||
      typeof payload.exp !== 'number' ||
      !opts.replay.admit(payload.jti, payload.exp))
  ) {
    throw unauthenticated('Gateway context was already used');
  }
  const role = payload.role;
  if (typeof payload.sub !== 'string' || !payload.sub || !isRole(role) || typeof payload.org !== 'string') {
    throw unauthenticated('Gateway context is incomplete');
  }
  const care: CareContext = {
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
  return { care, audience: payload.aud as string };
}
