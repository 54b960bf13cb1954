import type { HeadDoc } from './documents';
import type { GovernanceStore } from './store';

/**
 * The governance head (policy version, facts epoch), read per request through a short cache.
 * Replicas agree through the store; this replica's own writes are seen at once.
 */
export class HeadCache {
  private cached: { head: HeadDoc; at: number } | null = null;

  constructor(
    private readonly store: GovernanceStore,
    private readonly ttlMs = 500,
  ) {}

  async get(): Promise<HeadDoc> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.head;
    return this.fresh();
  }

  async fresh(): Promise<HeadDoc> {
    const head = await this.store.readHead();
    this.cached = { head, at: Date.now() };
    return head;
  }

  invalidate(): void {
    this.cached = null;
  }

  async bumpFacts(): Promise<void> {
    await this.store.bumpFactsEpoch();
    this.invalidate();
  }
}
