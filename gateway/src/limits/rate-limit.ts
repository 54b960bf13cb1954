import {
  careError,
  ErrorCode,
  loggableError,
  type Collection,
  type DocStore,
  type Logger,
} from '@care/common';
import type { GraphQLError } from 'graphql';
import { createHash } from 'node:crypto';

export interface RateRule {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimits {
  /** Sign-in attempts per user name (any outcome). Lockout after failures is separate. */
  loginPerUsername: RateRule;
  /** Sign-in attempts per client address: slows password spraying across accounts. */
  loginPerIp: RateRule;
  /** GraphQL requests per signed-in user (per address when signed out). */
  requestsPerUser: RateRule;
  /** How often a replica reconciles its per-user counts with the shared store. */
  syncMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  loginPerUsername: { limit: 10, windowSeconds: 60 },
  loginPerIp: { limit: 60, windowSeconds: 60 },
  requestsPerUser: { limit: 1000, windowSeconds: 60 },
  syncMs: 1000,
};

export interface RateDoc {
  _id: string;
  count: number;
  expiresAt: string;
}

export type Verdict = { ok: true } | { ok: false; retryAfter: number };

/** Keys are hashed: a user name or address is never stored, and any input makes a safe id. */
const idOf = (bucket: string, key: string, window: number) =>
  `${bucket}:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}:${window}`;

const windowOf = (rule: RateRule, nowMs: number) => Math.floor(nowMs / 1000 / rule.windowSeconds);
const retryAfter = (rule: RateRule, window: number, nowMs: number) =>
  Math.max(1, Math.ceil(((window + 1) * rule.windowSeconds * 1000 - nowMs) / 1000));

export function rateLimited(what: string, seconds: number): GraphQLError {
  return careError(ErrorCode.RATE_LIMITED, `Too many ${what}: try again in ${seconds} s`, {
    retryAfter: seconds,
    http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) },
  });
}

interface LocalCount {
  id: string;
  /** The count across replicas at the last sync. */
  known: number;
  /** This replica's requests since then. */
  pending: number;
  window: number;
  expiresAt: string;
}

/**
 * Fixed-window counters in the governance store, so that every gateway replica counts against
 * the same total. Sign-in attempts are counted exactly: one store round trip each, and they are
 * rare. Ordinary requests are counted locally and reconciled with the store every `syncMs` (and
 * early once a tenth of the limit is pending): a store round trip on every request would cost
 * more than the request itself, and the price is a bounded overshoot of at most
 * replicas × (requests in one sync interval).
 */
export class RateLimiter {
  private readonly col: Collection<RateDoc>;
  private readonly local = new Map<string, LocalCount>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** A sync was asked for while one was running: run once more when it ends. */
  private again = false;
  private lastSweep = 0;

  constructor(
    store: DocStore,
    readonly limits: RateLimits,
    private readonly log?: Logger,
  ) {
    this.col = store.collection<RateDoc>('rate_limits');
  }

  /** One exact hit against the shared count. */
  async hit(bucket: string, key: string, rule: RateRule, nowMs = Date.now()): Promise<Verdict> {
    const window = windowOf(rule, nowMs);
    const _id = idOf(bucket, key, window);
    const expiresAt = new Date((window + 1) * rule.windowSeconds * 1000).toISOString();
    await this.col.updateOne({ _id }, { $inc: { count: 1 }, $set: { expiresAt } }, { upsert: true });
    const doc = await this.col.findOne({ _id });
    this.sweepSoon(nowMs);
    return (doc?.count ?? 1) > rule.limit
      ? { ok: false, retryAfter: retryAfter(rule, window, nowMs) }
      : { ok: true };
  }

  /** A request against the per-user limit: decided from memory, reconciled with the store in batches. */
  request(key: string, nowMs = Date.now()): Verdict {
    const rule = this.limits.requestsPerUser;
    const window = windowOf(rule, nowMs);
    let c = this.local.get(key);
    if (!c || c.window !== window) {
      c = {
        id: idOf('user', key, window),
        known: 0,
        pending: 0,
        window,
        expiresAt: new Date((window + 1) * rule.windowSeconds * 1000).toISOString(),
      };
      this.local.set(key, c);
    }
    if (c.known + c.pending >= rule.limit) return { ok: false, retryAfter: retryAfter(rule, window, nowMs) };
    c.pending += 1;
    if (c.pending >= Math.max(1, Math.floor(rule.limit / 10))) void this.sync();
    else this.schedule();
    return { ok: true };
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.sync();
    }, this.limits.syncMs).unref();
  }

  /**
   * Pushes pending counts to the store and reads back the totals every replica has added. One
   * flush runs at a time; asking during one runs another after it, which the caller awaits.
   */
  sync(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        await this.flush();
      } while (this.again);
    })().finally(() => {
      this.flushing = null;
      if ([...this.local.values()].some((c) => c.pending > 0)) this.schedule();
    });
    return this.flushing;
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const nowMs = Date.now();
    const current = windowOf(this.limits.requestsPerUser, nowMs);
    const batch = [...this.local.entries()];
    for (const [key, c] of batch) {
      if (c.window < current) {
        this.local.delete(key);
        if (c.pending === 0) continue;
      }
      const add = c.pending;
      c.pending = 0;
      try {
        if (add > 0)
          await this.col.updateOne(
            { _id: c.id },
            { $inc: { count: add }, $set: { expiresAt: c.expiresAt } },
            { upsert: true },
          );
        const doc = await this.col.findOne({ _id: c.id });
        c.known = doc?.count ?? c.known + add;
      } catch (e) {
        // The store being down must not stop care: keep counting locally and retry next time.
        c.pending += add;
        this.log?.warn({ err: loggableError(e) }, 'rate limit sync failed; counting locally');
      }
    }
    this.sweepSoon(nowMs);
  }

  private sweepSoon(nowMs: number): void {
    if (nowMs - this.lastSweep < 60_000) return;
    this.lastSweep = nowMs;
    void this.col.deleteMany({ expiresAt: { $lt: new Date(nowMs).toISOString() } }).catch(() => 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.sync().catch(() => undefined);
  }
}
