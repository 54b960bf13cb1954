import { isRole, type Role } from '@care/common';
import { jwtVerify, SignJWT, type CryptoKey } from 'jose';

export const SESSION_ISSUER = 'care-gateway/session';

/** The signed-in staff member, as a session token carries them. */
export interface SessionUser {
  sub: string;
  name: string;
  role: Role;
  org: string;
  team: string | null;
}

export type SessionCheck = { ok: true; user: SessionUser } | { ok: false; reason: 'expired' | 'invalid' };

/** Short-lived bearer tokens for staff, signed with the gateway's session key (EdDSA). */
export class SessionTokens {
  constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly ttlSeconds: number,
  ) {}

  async issue(user: SessionUser, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ name: user.name, role: user.role, org: user.org, team: user.team })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(SESSION_ISSUER)
      .setSubject(user.sub)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.privateKey);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async check(token: string, now: Date): Promise<SessionCheck> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: SESSION_ISSUER,
        algorithms: ['EdDSA'],
        currentDate: now,
      });
      if (!payload.sub || !isRole(payload.role) || typeof payload.org !== 'string')
        return { ok: false, reason: 'invalid' };
      return {
        ok: true,
        user: {
          sub: payload.sub,
          name: String(payload.name ?? payload.sub),
          role: payload.role,
          org: payload.org,
          team: typeof payload.team === 'string' ? payload.team : null,
        },
      };
    } catch (e) {
      return {
        ok: false,
        reason: (e as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid',
      };
    }
  }
}
