import DataLoader from 'dataloader';
import type {
  PersonFacts,
  PersonRegistration,
  RegistrationOptions,
  RegistrationResult,
  Unlinking,
} from './facts';
import type { PolicyDocument } from './policy/types';

/**
 * Where a subgraph gets the policy and the governance facts. In a deployment this is the
 * gateway's internal API; the request's own signed context authorises the call.
 */
export interface GovernanceSource {
  policy(version: number, draft: string | null, contextToken: string): Promise<PolicyDocument>;
  facts(nhsNumbers: readonly string[], contextToken: string): Promise<PersonFacts[]>;
  /** Tells the person index about records a subgraph now holds; unmatched ones are queued. */
  registerPeople?(
    entries: PersonRegistration[],
    contextToken: string,
    opts?: RegistrationOptions,
  ): Promise<RegistrationResult>;
  /** Takes back the link one of the subgraph's records made, should the record be undone. */
  unlinkPerson?(entry: Unlinking, contextToken: string): Promise<{ unlinked: boolean }>;
}

export class HttpGovernanceSource implements GovernanceSource {
  constructor(private readonly baseUrl: string) {}

  private async post<T>(path: string, body: unknown, token: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-care-context': token },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`governance ${path} answered ${res.status}`);
    return (await res.json()) as T;
  }

  policy(version: number, draft: string | null, token: string): Promise<PolicyDocument> {
    return this.post('/internal/policy', { version, draft }, token);
  }

  facts(nhsNumbers: readonly string[], token: string): Promise<PersonFacts[]> {
    return this.post('/internal/facts', { nhsNumbers }, token);
  }

  registerPeople(
    entries: PersonRegistration[],
    token: string,
    opts: RegistrationOptions = {},
  ): Promise<RegistrationResult> {
    return this.post(
      '/internal/person-index',
      { entries, ...(opts.queue === false ? { queue: false } : {}) },
      token,
    );
  }

  unlinkPerson(entry: Unlinking, token: string): Promise<{ unlinked: boolean }> {
    return this.post('/internal/person-index/unlink', entry, token);
  }
}

/**
 * Caches what never changes for a key: a published policy version is immutable, and facts are
 * valid for one facts epoch (every consent, presence, break-glass or index change starts a new one).
 */
export class CachedGovernance {
  private readonly policies = new Map<number, Promise<PolicyDocument>>();
  private factsEpoch = -1;
  private readonly factsCache = new Map<string, PersonFacts>();

  constructor(
    private readonly source: GovernanceSource,
    private readonly maxFacts = 50_000,
  ) {}

  policy(version: number, draft: string | null, token: string): Promise<PolicyDocument> {
    if (draft) return this.source.policy(version, draft, token);
    let p = this.policies.get(version);
    if (!p) {
      p = this.source.policy(version, null, token);
      p.catch(() => this.policies.delete(version));
      this.policies.set(version, p);
    }
    return p;
  }

  /** Facts already held for this epoch, without waiting (the shield's common case). */
  peek(epoch: number, nhsNumber: string): PersonFacts | undefined {
    return epoch === this.factsEpoch ? this.factsCache.get(nhsNumber) : undefined;
  }

  /** A per-request loader: one call for every person the request touches that is not cached. */
  factsLoader(epoch: number, token: string): DataLoader<string, PersonFacts> {
    if (epoch !== this.factsEpoch) {
      this.factsCache.clear();
      this.factsEpoch = epoch;
    }
    return new DataLoader<string, PersonFacts>(async (keys) => {
      const missing = keys.filter((k) => !this.factsCache.has(k));
      if (missing.length > 0) {
        const fetched = await this.source.facts(missing, token);
        if (this.factsEpoch === epoch) {
          if (this.factsCache.size + fetched.length > this.maxFacts) this.factsCache.clear();
          for (const f of fetched) this.factsCache.set(f.nhsNumber, f);
        }
        const byNhs = new Map(fetched.map((f) => [f.nhsNumber, f]));
        return keys.map((k) => this.factsCache.get(k) ?? byNhs.get(k) ?? new Error(`no facts for ${k}`));
      }
      return keys.map((k) => this.factsCache.get(k)!);
    });
  }
}
