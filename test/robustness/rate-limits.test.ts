import { NedbStore } from '@care/common';
import { DEFAULT_RATE_LIMITS, RateLimiter } from '../../gateway/src/limits/rate-limit';
import { Stack } from '../support/stack';
import { codeOf, post } from './helpers';

// Whole-stack suites: each test makes many requests; generous on a busy machine.
jest.setTimeout(60_000);

const LOGIN =
  'mutation($u: String!, $p: String!, $o: String!) { login(username: $u, password: $p, otp: $o) { accessToken } }';

describe('rate limits at the gateway', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await Stack.start({
      people: 60,
      // Hour-long windows: a window boundary falling inside a test would reset its counts.
      gateway: {
        // Lockout after failures is a separate control: keep it out of the way here.
        maxLoginFailures: 1000,
        rateLimits: {
          loginPerUsername: { limit: 3, windowSeconds: 3600 },
          loginPerIp: { limit: 8, windowSeconds: 3600 },
          // Signed-out requests count per address under the same rule: ten covers this file's sign-ins.
          requestsPerUser: { limit: 10, windowSeconds: 3600 },
        },
      },
    });
    url = `${stack.url}/graphql`;
  });
  afterAll(() => stack.stop());

  const attempt = (username: string) =>
    post(url, { query: LOGIN, variables: { u: username, p: 'wrong', o: '000000' } });

  it('limits requests per signed-in user per minute', async () => {
    const sw = await stack.as('social_worker');
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await sw.request('{ me { username } }')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const r = await post(
      url,
      { query: '{ me { username } }' },
      {
        'content-type': 'application/json',
        authorization: `Bearer ${sw.token}`,
      },
    );
    expect(codeOf(r)).toBe('RATE_LIMITED');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('slows sign-in guessing per user name, with 429, RATE_LIMITED and Retry-After', async () => {
    const tries = [];
    for (let i = 0; i < 4; i++) tries.push(await attempt('dr.okafor'));
    expect(tries.slice(0, 3).map(codeOf)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    const limited = tries[3];
    expect(limited.status).toBe(429);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(limited.json?.errors?.[0].extensions?.retryAfter).toBe(retryAfter);
    // The refused attempt never reached the password check: no audit record says it failed.
    const audited = await stack.governance.audit.find({ kind: 'login', user: 'dr.okafor' });
    expect(audited).toHaveLength(3);
  });

  it('slows password spraying across user names from one address', async () => {
    // Five attempts came from this address already (one sign-in, four guesses); eight are allowed.
    const codes = [];
    for (const n of ['a.one', 'b.two', 'c.three', 'd.four']) codes.push(codeOf(await attempt(n)));
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
  });
});

describe('sign-in attempts however the mutation spells them', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await Stack.start({
      people: 20,
      gateway: {
        maxLoginFailures: 1000,
        rateLimits: {
          loginPerUsername: { limit: 2, windowSeconds: 3600 },
          loginPerIp: { limit: 6, windowSeconds: 3600 },
          requestsPerUser: { limit: 100, windowSeconds: 3600 },
        },
      },
    });
    url = `${stack.url}/graphql`;
  });
  afterAll(() => stack.stop());

  const guess = (query: string, variables: Record<string, string>) =>
    post(url, { query, variables: { p: 'wrong', o: '000000', ...variables } });

  it('counts a login inside a fragment spread or an inline fragment', async () => {
    const spread =
      'mutation($u: String!, $p: String!, $o: String!) { ...SignIn } ' +
      'fragment SignIn on Mutation { login(username: $u, password: $p, otp: $o) { accessToken } }';
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(codeOf(await guess(spread, { u: 'dr.okafor' })));
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
    // Only the two counted guesses reached the password check.
    expect(await stack.governance.audit.find({ kind: 'login', user: 'dr.okafor' })).toHaveLength(2);

    const inline =
      'mutation($u: String!, $p: String!, $o: String!) { ... on Mutation { login(username: $u, password: $p, otp: $o) { accessToken } } }';
    expect(codeOf(await guess(inline, { u: 'dr.okafor' }))).toBe('RATE_LIMITED');
  });

  it('counts every aliased login in one request against the address', async () => {
    // Four attempts from this address so far; six are allowed, and this request holds three.
    const aliased =
      'mutation($p: String!, $o: String!) { ' +
      ['a', 'b', 'c']
        .map((n) => `${n}: login(username: "${n}.spray", password: $p, otp: $o) { accessToken }`)
        .join(' ') +
      ' }';
    const r = await guess(aliased, {});
    expect(r.status).toBe(429);
    expect(codeOf(r)).toBe('RATE_LIMITED');
  });
});

describe('client addresses behind a proxy', () => {
  const anonymous = (url: string, forwardedFor: string) =>
    post(
      url,
      { query: '{ __typename }' },
      { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    );
  const limits = { requestsPerUser: { limit: 2, windowSeconds: 3600 } };

  it('counts signed-out requests per forwarded client address when the proxy is trusted', async () => {
    const stack = await Stack.start({ people: 20, gateway: { trustProxy: '1', rateLimits: limits } });
    try {
      const url = `${stack.url}/graphql`;
      const first = [await anonymous(url, '203.0.113.7'), await anonymous(url, '203.0.113.7')];
      expect(first.map((r) => r.status)).toEqual([200, 200]);
      expect(codeOf(await anonymous(url, '203.0.113.7'))).toBe('RATE_LIMITED');
      // Another client behind the same proxy has its own count.
      expect((await anonymous(url, '198.51.100.9')).status).toBe(200);
    } finally {
      await stack.stop();
    }
  });

  it('ignores X-Forwarded-For when no proxy is trusted, so a client cannot pick its own bucket', async () => {
    const stack = await Stack.start({ people: 20, gateway: { rateLimits: limits } });
    try {
      const url = `${stack.url}/graphql`;
      expect((await anonymous(url, '203.0.113.1')).status).toBe(200);
      expect((await anonymous(url, '203.0.113.2')).status).toBe(200);
      expect(codeOf(await anonymous(url, '203.0.113.3'))).toBe('RATE_LIMITED');
    } finally {
      await stack.stop();
    }
  });
});

describe('rate limit counts shared by replicas through the store', () => {
  it('counts sign-in attempts exactly across gateways, and per-user requests after each sync', async () => {
    const store = new NedbStore(null);
    const limits = { ...DEFAULT_RATE_LIMITS, requestsPerUser: { limit: 5, windowSeconds: 3600 } };
    const a = new RateLimiter(store, limits);
    const b = new RateLimiter(store, limits);
    const rule = { limit: 2, windowSeconds: 3600 };
    expect((await a.hit('login-user', 'x', rule)).ok).toBe(true);
    expect((await b.hit('login-user', 'x', rule)).ok).toBe(true);
    expect(await a.hit('login-user', 'x', rule)).toMatchObject({ ok: false });

    for (let i = 0; i < 3; i++) expect(a.request('user:x').ok).toBe(true);
    await a.sync();
    expect(b.request('user:x').ok).toBe(true);
    await b.sync();
    // Four counted between the two replicas; the fifth is the last one allowed.
    expect(b.request('user:x').ok).toBe(true);
    await b.sync();
    await a.sync();
    expect(a.request('user:x')).toMatchObject({ ok: false });
    expect(b.request('user:x')).toMatchObject({ ok: false });
    await a.stop();
    await b.stop();
  });
});
