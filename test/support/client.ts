import { generateSync } from 'otplib';

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  status: number;
}

export interface DemoAccount {
  username: string;
  password: string;
  totpSecret: string;
  totpStep: number;
}

/** A small GraphQL client for the gateway, as a front end would use it. */
export class GatewayClient {
  token: string | null = null;
  private lastStep = 0;

  /** `now` lets a test with a shifted gateway clock compute one-time codes for that time. */
  constructor(
    readonly url: string,
    private readonly now: () => number = Date.now,
  ) {}

  async request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResult<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GraphQLResult<T>;
    return { ...body, status: res.status };
  }

  /** The current code; waits for the next time step if this one was already used (codes are single-use). */
  async otp(account: DemoAccount): Promise<string> {
    let step = Math.floor(this.now() / 1000 / account.totpStep);
    while (step <= this.lastStep) {
      await new Promise((r) => setTimeout(r, 250));
      step = Math.floor(this.now() / 1000 / account.totpStep);
    }
    this.lastStep = step;
    return generateSync({
      secret: account.totpSecret,
      period: account.totpStep,
      epoch: Math.floor(this.now() / 1000),
    });
  }

  async login(account: DemoAccount): Promise<string> {
    const attempt = async () =>
      this.request<{ login: { accessToken: string } }>(
        'mutation Login($u:String!,$p:String!,$o:String!){ login(username:$u,password:$p,otp:$o){ accessToken } }',
        { u: account.username, p: account.password, o: await this.otp(account) },
      );
    let r = await attempt();
    // The account may have signed in elsewhere in this time step (a browser test, say): codes are
    // single use, so the next step's code is the one to use.
    if (!r.data?.login && r.errors?.[0]?.extensions?.reason === 'wrong_code') r = await attempt();
    if (!r.data?.login) throw new Error(`login failed for ${account.username}: ${JSON.stringify(r.errors)}`);
    this.token = r.data.login.accessToken;
    return this.token;
  }
}
