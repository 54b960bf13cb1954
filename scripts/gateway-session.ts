/**
 * A signed-in session on the running gateway, for command-line tools (imports). The embedded
 * store belongs to the service that opened it, so tools write through the gateway's API like any
 * other client, and are governed and audited like one.
 *
 * GATEWAY_URL (default http://localhost:<gateway port>), then either CARE_TOKEN (a bearer token)
 * or IMPORT_USERNAME, IMPORT_PASSWORD, IMPORT_TOTP_SECRET (and IMPORT_TOTP_PERIOD, default 30);
 * without them, the demo account of the role from DATA_DIR/demo-users.json.
 */
import { dataDir, portOf } from '@care/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayClient, type DemoAccount, type GraphQLResult } from '../test/support/client';

function account(role: string): DemoAccount {
  const { IMPORT_USERNAME, IMPORT_PASSWORD, IMPORT_TOTP_SECRET, IMPORT_TOTP_PERIOD } = process.env;
  if (IMPORT_USERNAME && IMPORT_PASSWORD && IMPORT_TOTP_SECRET) {
    return {
      username: IMPORT_USERNAME,
      password: IMPORT_PASSWORD,
      totpSecret: IMPORT_TOTP_SECRET,
      totpStep: Number(IMPORT_TOTP_PERIOD ?? 30),
    };
  }
  const file = join(dataDir(), 'demo-users.json');
  if (!existsSync(file)) {
    throw new Error(`no ${file}: set IMPORT_USERNAME, IMPORT_PASSWORD and IMPORT_TOTP_SECRET, or CARE_TOKEN`);
  }
  const users = JSON.parse(readFileSync(file, 'utf8')) as (DemoAccount & { role: string })[];
  const found = users.find((u) => u.role === role);
  if (!found) throw new Error(`${file} has no ${role} account`);
  return found;
}

export class GatewaySession {
  private constructor(private readonly client: GatewayClient) {}

  static async open(role: string): Promise<GatewaySession> {
    const url = process.env.GATEWAY_URL ?? `http://localhost:${portOf('gateway')}`;
    const client = new GatewayClient(url);
    if (process.env.CARE_TOKEN) {
      client.token = process.env.CARE_TOKEN;
      return new GatewaySession(client);
    }
    const who = account(role);
    try {
      await client.login(who);
    } catch (e) {
      // One-time codes are single use: a tool run twice within one time step waits for the next.
      if (!/wrong_code/.test((e as Error).message)) throw e;
      const period = who.totpStep * 1000;
      await new Promise((r) => setTimeout(r, period - (Date.now() % period) + 250));
      await client.login(who);
    }
    return new GatewaySession(client);
  }

  /** A GraphQL request as an administrative use; a refusal before GraphQL (e.g. too large) is an error. */
  async request<T>(query: string, variables: Record<string, unknown>): Promise<GraphQLResult<T>> {
    const res = await fetch(`${this.client.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.client.token}`,
        'x-purpose-of-use': 'administration',
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    try {
      return { ...(JSON.parse(text) as GraphQLResult<T>), status: res.status };
    } catch {
      const hint =
        res.status === 413 ? ' (the request is larger than the gateway accepts: see BODY_LIMIT)' : '';
      throw new Error(`the gateway answered HTTP ${res.status}${hint}`);
    }
  }
}
