import { dataDir, DEFAULT_PORTS, env, portOf, SUBGRAPHS, type SubgraphName } from '@care/common';
import { join } from 'node:path';

export interface GatewayConfig {
  port: number;
  dataDir: string;
  keysDir: string;
  mongodbUri?: string;
  /** Keep the governance store in memory (tests). */
  inMemory?: boolean;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphTimeoutMs: number;
  sessionTtlSeconds: number;
  maxLoginFailures: number;
  lockMinutes: number;
  consentConfirmDays: number;
  breakGlassMinutes: number;
  presenceHours: number;
  introspection: boolean;
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
    subgraphTimeoutMs: env.int('SUBGRAPH_TIMEOUT_MS', 2000),
    sessionTtlSeconds: env.int('SESSION_TTL_SECONDS', 15 * 60),
    maxLoginFailures: env.int('LOGIN_MAX_FAILURES', 5),
    lockMinutes: env.int('LOGIN_LOCK_MINUTES', 15),
    consentConfirmDays: env.int('CONSENT_CONFIRM_DAYS', 7),
    breakGlassMinutes: env.int('BREAK_GLASS_MINUTES', 30),
    presenceHours: env.int('PRESENCE_HOURS', 12),
    introspection: env.str('INTROSPECTION', production ? 'off' : 'on') === 'on',
    webDir: env.str('WEB_DIR', join(__dirname, '..', '..', 'web', 'dist')),
    clock: () => new Date(),
  };
}

export { DEFAULT_PORTS };
