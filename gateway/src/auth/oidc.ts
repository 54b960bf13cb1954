import { isRole, type Role } from '@care/common';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { SessionUser } from './session';

export interface OidcConfig {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** Claim holding the role (or a list of groups), e.g. "roles". */
  roleClaim: string;
  /** Claim holding the organisation code, e.g. "org". */
  orgClaim: string;
  /** Maps provider role/group names to ours, e.g. {"GP-Users":"gp"}. Unmapped names are ignored. */
  roleMap: Record<string, Role>;
}

/**
 * Trusts an external OpenID Connect provider instead of local accounts: its access tokens are
 * verified against its JWKS and its claims mapped to our roles. A token that maps to no role is refused.
 */
export class OidcVerifier {
  private readonly jwks: JWTVerifyGetKey;

  constructor(private readonly cfg: OidcConfig) {
    this.jwks = createRemoteJWKSet(new URL(cfg.jwksUrl));
  }

  async verify(token: string): Promise<SessionUser | null> {
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.cfg.issuer,
        audience: this.cfg.audience,
      });
      const raw = payload[this.cfg.roleClaim];
      const names = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
      const role = names
        .map((n) => this.cfg.roleMap[n] ?? (isRole(n) ? n : undefined))
        .find((r) => r !== undefined);
      const org = payload[this.cfg.orgClaim];
      if (!payload.sub || !role || role === 'anonymous' || typeof org !== 'string') return null;
      return {
        sub: payload.sub,
        name: typeof payload.name === 'string' ? payload.name : payload.sub,
        role,
        org,
        team: null,
      };
    } catch {
      return null;
    }
  }

  static fromEnv(env: NodeJS.ProcessEnv): OidcVerifier | null {
    if (!env.OIDC_ISSUER || !env.OIDC_JWKS_URL) return null;
    return new OidcVerifier({
      issuer: env.OIDC_ISSUER,
      jwksUrl: env.OIDC_JWKS_URL,
      audience: env.OIDC_AUDIENCE ?? 'care-gateway',
      roleClaim: env.OIDC_ROLE_CLAIM ?? 'roles',
      orgClaim: env.OIDC_ORG_CLAIM ?? 'org',
      roleMap: env.OIDC_ROLE_MAP ? (JSON.parse(env.OIDC_ROLE_MAP) as Record<string, Role>) : {},
    });
  }
}
