/**
 * The caller as subgraphs see them, for calls that bypass our gateway: a pool of tokens signed
 * with the gateway's own key (each token is single-use and bound to one query, as the gateway
 * signs them), or the unsigned bench header for governance-off subgraphs behind Hive Gateway.
 */
import { ContextKeys, ContextSigner, type CareContext, type Role } from '@care/common';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DEMO_USERS } from '../../gateway/src/governance/demo-users';

export function careOf(role: Role, head: { policyVersion: number; factsEpoch: number }): CareContext {
  const u = DEMO_USERS.find((d) => d.role === role);
  if (!u) throw new Error(`no demo user for ${role}`);
  return {
    sub: u.username,
    name: u.name,
    role: u.role,
    org: u.org,
    team: u.team,
    purpose: 'direct_care',
    policyVersion: head.policyVersion,
    draftPolicy: null,
    factsEpoch: head.factsEpoch,
    breakGlass: [],
    requestId: `bench-${randomUUID()}`,
  };
}

/**
 * Tokens signed ahead of use and topped up in the background while a run goes on, so signing
 * (the gateway's work, not the subgraph's) stays out of the measured subgraph's process.
 */
export class TokenPool {
  private readonly pool: string[] = [];
  private running = false;
  private filling: Promise<void> | null = null;
  exhausted = 0;

  private constructor(
    private readonly signer: ContextSigner,
    private readonly care: CareContext,
    private readonly audience: string,
    private readonly query: string,
  ) {}

  static async create(
    dataDir: string,
    care: CareContext,
    audience: string,
    query: string,
  ): Promise<TokenPool> {
    const keys = ContextKeys.loadOrCreate(join(dataDir, 'keys'));
    return new TokenPool(new ContextSigner(keys.ring), care, audience, query);
  }

  private async signBatch(n: number): Promise<void> {
    const tokens = await Promise.all(
      Array.from({ length: n }, () =>
        this.signer.sign({ ...this.care, requestId: `bench-${randomUUID()}` }, this.audience, this.query),
      ),
    );
    this.pool.push(...tokens);
  }

  /** Fills `initial` tokens, then keeps at least `low` in hand until stop(). */
  async start(initial: number, low: number): Promise<void> {
    while (this.pool.length < initial) await this.signBatch(Math.min(500, initial - this.pool.length));
    this.running = true;
    const loop = async () => {
      while (this.running) {
        if (this.pool.length < low) await this.signBatch(250);
        else await new Promise((r) => setTimeout(r, 20));
      }
    };
    this.filling = loop();
  }

  take(): string {
    const t = this.pool.shift();
    if (t) return t;
    this.exhausted += 1;
    return 'pool-exhausted';
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.filling;
    this.pool.length = 0;
  }
}
