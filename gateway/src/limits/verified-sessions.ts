import type { SessionCheck, SessionTokens, SessionUser } from '../auth/session';

/**
 * Remembers bearer tokens whose signature already verified, so a signed-in user's every request
 * does not pay for an Ed25519 verification again. Session tokens are stateless (nothing revokes
 * one before it expires), so a cached verdict is the same verdict: the entry is trusted only
 * until the token's own expiry, and at most `maxAgeMs` before it is verified afresh.
 */
export class VerifiedSessions {
  private readonly cache = new Map<string, { user: SessionUser; until: number }>();

  constructor(
    private readonly sessions: SessionTokens,
    private readonly maxAgeMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  async check(token: string, now: Date): Promise<SessionCheck> {
    const t = now.getTime();
    const hit = this.cache.get(token);
    if (hit && hit.until > t) return { ok: true, user: hit.user };
    if (hit) this.cache.delete(token);
    const result = await this.sessions.check(token, now);
    if (result.ok) {
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(token, { user: result.user, until: Math.min(expiryOf(token), t + this.maxAgeMs) });
    }
    return result;
  }
}

/** `exp` from a token already verified: read only to bound the cache entry, never trusted alone. */
function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}
