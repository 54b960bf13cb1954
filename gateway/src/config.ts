import {
  dataDir,
  DEFAULT_PORTS,
  env,
  GATEWAY_LIMITS,
  limitsFromEnv,
  portOf,
  SUBGRAPHS,
  type Logger,
  type QueryLimits,
  type SubgraphName,
} from '@care/common';
import { join } from 'node:path';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './limits/rate-limit';

export interface GatewayConfig {
  port: number;
  dataDir: string;
  keysDir: string;
  mongodbUri?: string;
  /** Keep the governance store in memory (tests). */
  inMemory?: boolean;
  subgraphUrls: Record<SubgraphName, string>;
  /** How long the gateway waits for a subgraph's answer before reporting it SOURCE_UNAVAILABLE. */
  subgraphTimeoutMs: number;
  /** Per-subgraph overrides of subgraphTimeoutMs (SUBGRAPH_TIMEOUT_MS_HEALTH and so on). */
  subgraphTimeouts?: Partial<Record<SubgraphName, number>>;
  sessionTtlSeconds: number;
  maxLoginFailures: number;
  lockMinutes: number;
  consentConfirmDays: number;
  breakGlassMinutes: number;
  presenceHours: number;
  introspection: boolean;
  /** Document limits (depth, aliases, tokens, directives, cost); GATEWAY_LIMITS when unset. */
  limits?: QueryLimits;
  /** Sign-in and per-user request rates; DEFAULT_RATE_LIMITS when unset. */
  rateLimits?: Partial<RateLimits>;
  /** "Did you mean…" hints: to signed-in staff (development default), or never (production default). */
  fieldSuggestions?: 'signed-in' | 'never';
  /** Express `trust proxy` (e.g. 1 behind one load balancer) so rate limits see the client address. */
  trustProxy?: string;
  /** Milliseconds `stop()` waits for in-flight requests before closing their connections. */
  drainMs?: number;
  /**
   * BENCHMARK ONLY (`npm run bench`): 'off' skips field shielding and the audit trail, and sends
   * subgraphs an unsigned context. Refused when NODE_ENV=production; logged as an error at start.
   */
  governance?: 'on' | 'off';
  /** The gateway's logger (a JSON logger on standard output when unset); tests read lines from it. */
  log?: Logger;
  /** Where the built web front end is served from, if built. */
  webDir: string;
  clock: () => Date;
}

const URL_ENV: Record<SubgraphName, string> = {
  'social-care': 'SOCIAL_CARE_URL',
  health: 'HEALTH_URL',
  council: 'COUNCIL_URL',
};

export function gatewayConfigFromEnv(): GatewayConfig {
  const dir = dataDir();
  const production = process.env.NODE_ENV === 'production';
  return {
    port: portOf('gateway'),
    dataDir: dir,
    keysDir: env.str('KEYS_DIR', join(dir, 'keys')),
    mongodbUri: env.optional('MONGODB_URI'),
    subgraphUrls: Object.fromEntries(
      SUBGRAPHS.map((s) => [s, env.str(URL_ENV[s], `http://127.0.0.1:${portOf(s)}/graphql`)]),
    ) as Record<SubgraphName, string>,
    subgraphTimeoutMs: env.int('SUBGRAPH_TIMEOUT_MS', 2000, 1),
    subgraphTimeouts: Object.fromEntries(
      SUBGRAPHS.map((s) => [
        s,
        env.int(`SUBGRAPH_TIMEOUT_MS_${s.toUpperCase().replace('-', '_')}`, NaN, 1),
      ]).filter(([, ms]) => !Number.isNaN(ms)),
    ),
    sessionTtlSeconds: env.int('SESSION_TTL_SECONDS', 15 * 60, 1),
    maxLoginFailures: env.int('LOGIN_MAX_FAILURES', 5, 1),
    lockMinutes: env.int('LOGIN_LOCK_MINUTES', 15, 1),
    consentConfirmDays: env.int('CONSENT_CONFIRM_DAYS', 7, 1),
    breakGlassMinutes: env.int('BREAK_GLASS_MINUTES', 30, 1),
    presenceHours: env.int('PRESENCE_HOURS', 12, 1),
    introspection: env.str('INTROSPECTION', production ? 'off' : 'on') === 'on',
    limits: limitsFromEnv(GATEWAY_LIMITS),
    rateLimits: {
      loginPerUsername: {
        limit: env.int('RATE_LIMIT_LOGIN_PER_USERNAME', DEFAULT_RATE_LIMITS.loginPerUsername.limit, 1),
        windowSeconds: DEFAULT_RATE_LIMITS.loginPerUsername.windowSeconds,
      },
      loginPerIp: {
        limit: env.int('RATE_LIMIT_LOGIN_PER_IP', DEFAULT_RATE_LIMITS.loginPerIp.limit, 1),
        windowSeconds: DEFAULT_RATE_LIMITS.loginPerIp.windowSeconds,
      },
      requestsPerUser: {
        limit: env.int('RATE_LIMIT_PER_USER_PER_MINUTE', DEFAULT_RATE_LIMITS.requestsPerUser.limit, 1),
        windowSeconds: 60,
      },
    },
    fieldSuggestions:
      env.str('FIELD_SUGGESTIONS', production ? 'never' : 'signed-in') === 'never' ? 'never' : 'signed-in',
    trustProxy: env.optional('TRUST_PROXY'),
    drainMs: env.int('DRAIN_MS', 10_000),
    governance: env.str('CARE_BENCH_GOVERNANCE', 'on') === 'off' ? 'off' : 'on',
    webDir: env.str('WEB_DIR', join(__dirname, '..', '..', 'web', 'dist')),
    clock: () => new Date(),
  };
}

export { DEFAULT_PORTS };
