/** Shared by the workflow tests: extra named accounts, and picking seeded people. */
import type { Role } from '@care/common';
import { hashPassword } from '../../gateway/src/auth/password';
import type { GatewayClient, GraphQLResult } from '../support/client';
import type { Stack } from '../support/stack';

/** A base32 TOTP secret for test-only accounts (not a demo secret). */
const TEST_TOTP = 'KRSXG5DBMNRW63LFON2HIZLTORSXG5DB';

/**
 * Signs in a staff member who is not a demo account (e.g. a social worker of another borough),
 * created directly in the governance store as an administrator would.
 */
export async function signInAs(
  stack: Stack,
  user: { username: string; name: string; role: Role; org: string; orgName: string },
): Promise<GatewayClient> {
  const password = `${user.username}-test-password`;
  await stack.governance.users.insertOne({
    _id: user.username,
    ...user,
    team: null,
    phone: null,
    passwordHash: await hashPassword(password),
    totpSecret: TEST_TOTP,
    totpPeriod: 30,
    failedAttempts: 0,
    lockedUntil: null,
    lastTotpStep: null,
  });
  const client = stack.client();
  await client.login({ username: user.username, password, totpSecret: TEST_TOTP, totpStep: 30 });
  return client;
}

/** The first error's extensions, for asserting on codes and reasons. */
export const ext = (r: GraphQLResult<unknown>): Record<string, unknown> | undefined =>
  r.errors?.[0]?.extensions;

let seq = 0;
/** A fresh idempotency key. */
export const key = (label: string): string => `${label}-${Date.now().toString(36)}-${++seq}`;
