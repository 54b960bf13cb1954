import { resolve } from 'node:path';

/** Environment-driven settings shared by every service; each has a development default. */
export const env = {
  str(name: string, fallback: string): string {
    const v = process.env[name];
    return v === undefined || v === '' ? fallback : v;
  },
  /** A whole number of at least `min`; anything else stops the service at start, naming the setting. */
  int(name: string, fallback: number, min = 0, source: NodeJS.ProcessEnv = process.env): number {
    const v = source[name];
    if (v === undefined || v === '') return fallback;
    const n = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min)
      throw new Error(`${name} must be a whole number of at least ${min}, got "${v}"`);
    return n;
  },
  optional(name: string): string | undefined {
    const v = process.env[name];
    return v === undefined || v === '' ? undefined : v;
  },
};

export const DEFAULT_PORTS = { gateway: 4000, 'social-care': 4001, health: 4002, council: 4003 } as const;
export type ServiceName = keyof typeof DEFAULT_PORTS;
export const SUBGRAPHS = ['social-care', 'health', 'council'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

/** The kind of record each data subgraph holds, as the person index, matching and timelines name it. */
export const SOURCE_OF_SUBGRAPH = {
  'social-care': 'SOCIAL_CARE',
  health: 'HEALTH',
  council: 'COUNCIL',
} as const satisfies Record<SubgraphName, string>;
export type RecordSource = (typeof SOURCE_OF_SUBGRAPH)[SubgraphName];
export const RECORD_SOURCES: readonly RecordSource[] = SUBGRAPHS.map((s) => SOURCE_OF_SUBGRAPH[s]);
/** The subgraph that holds each kind of record. */
export const SUBGRAPH_OF_SOURCE = Object.fromEntries(
  SUBGRAPHS.map((s) => [SOURCE_OF_SUBGRAPH[s], s]),
) as Record<RecordSource, SubgraphName>;

export const PORT_ENV: Record<ServiceName, string> = {
  gateway: 'GATEWAY_PORT',
  'social-care': 'SOCIAL_CARE_PORT',
  health: 'HEALTH_PORT',
  council: 'COUNCIL_PORT',
};

export const portOf = (service: ServiceName): number => env.int(PORT_ENV[service], DEFAULT_PORTS[service]);

export const dataDir = (): string => resolve(env.str('DATA_DIR', resolve(__dirname, '../../../data')));
