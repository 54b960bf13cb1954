import { careError, ErrorCode } from '@care/common';
import { verifySync } from 'otplib';
import type { AuditLog } from '../audit/log';
import type { UserDoc } from '../governance/documents';
import type { GovernanceStore } from '../governance/store';
import { verifyPassword } from './password';
import type { SessionTokens, SessionUser } from './session';

export interface LoginPolicy {
  maxFailures: number;
  lockMinutes: number;
}

// A hash of a random password: verifying it costs what a real check costs, so an unknown user
// name cannot be told from a wrong password by timing.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$0cE1oQ7m2K3b8tBq0qkqgk2WqYk3r6CqJ0q2m2m9s7o';

export const sessionUserOf = (u: UserDoc): SessionUser => ({
  sub: u.username,
  name: u.name,
  role: u.role,
  org: u.org,
  team: u.team,
});

/** Password plus a time-based one-time code (RFC 6238); repeated failures lock the account. */
export class LoginService {
  constructor(
    private readonly store: GovernanceStore,
    private readonly sessions: SessionTokens,
    private readonly audit: AuditLog,
    private readonly policy: LoginPolicy,
  ) {}

  private async record(
    username: string,
    user: UserDoc | null,
    outcome: 'allowed' | 'denied' | 'locked',
    note: string,
    now: Date,
    requestId: string,
  ) {
    await this.audit.append({
      at: now.toISOString(),
      requestId,
      user: username.slice(0, 100),
      role: user?.role ?? 'anonymous',
      org: user?.org ?? '',
      purpose: 'administration',
      breakGlass: false,
      kind: 'login',
      operationName: 'login',
      operationHash: '',
      outcome,
      persons: [],
      access: [],
      note,
    });
  }

  async login(username: string, password: string, otp: string, now: Date, requestId: string) {
    const user = await this.store.users.findOne({ _id: username });
    if (user?.lockedUntil && new Date(user.lockedUntil) > now) {
      await this.record(username, user, 'locked', 'login refused: account locked', now, requestId);
      throw careError(
        ErrorCode.ACCOUNT_LOCKED,
        `Account locked after repeated failures; try again after ${user.lockedUntil}`,
        {
          lockedUntil: user.lockedUntil,
        },
      );
    }
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH).catch(() => false);
    if (!user || !passwordOk) {
      await this.fail(username, user, 'wrong user name or password', now, requestId);
      throw careError(ErrorCode.UNAUTHENTICATED, 'Wrong user name or password', {
        reason: 'wrong_credentials',
      });
    }
    const result = /^\d{6}$/.test(otp)
      ? verifySync({
          secret: user.totpSecret,
          token: otp,
          period: user.totpPeriod,
          epoch: Math.floor(now.getTime() / 1000),
          epochTolerance: [user.totpPeriod, 0],
        })
      : { valid: false as const };
    const step = 'timeStep' in result ? (result.timeStep as number) : null;
    if (!result.valid || step === null || (user.lastTotpStep !== null && step <= user.lastTotpStep)) {
      await this.fail(username, user, 'wrong or reused one-time code', now, requestId);
      throw careError(ErrorCode.UNAUTHENTICATED, 'The one-time code is wrong, expired or already used', {
        reason: 'wrong_code',
      });
    }
    await this.store.users.updateOne(
      { _id: user._id },
      { $set: { failedAttempts: 0, lockedUntil: null, lastTotpStep: step } },
    );
    await this.record(username, user, 'allowed', 'signed in', now, requestId);
    const session = sessionUserOf(user);
    const { token, expiresAt } = await this.sessions.issue(session, now);
    return { accessToken: token, expiresAt: expiresAt.toISOString(), user };
  }

  private async fail(username: string, user: UserDoc | null, note: string, now: Date, requestId: string) {
    if (user) {
      const failures = user.failedAttempts + 1;
      const lock = failures >= this.policy.maxFailures;
      await this.store.users.updateOne(
        { _id: user._id },
        {
          $set: {
            failedAttempts: lock ? 0 : failures,
            lockedUntil: lock
              ? new Date(now.getTime() + this.policy.lockMinutes * 60_000).toISOString()
              : null,
          },
        },
      );
      if (lock) {
        await this.record(
          username,
          user,
          'locked',
          `account locked after ${failures} failures`,
          now,
          requestId,
        );
        return;
      }
    }
    await this.record(username, user, 'denied', `login failed: ${note}`, now, requestId);
  }
}
