import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** What a seal covers: the statement as read for one person, field by field. */
export interface SealedStatement {
  claimReference: string;
  periodStart: string;
  periodEnd: string;
  sources: readonly { kind: string; weeklyAmount: number }[];
  totalWeekly: number;
  capital?: number | null;
  verifiedOn?: string | null;
}

/**
 * How long a statement read from the council may be recorded from: a working day. Past it the
 * council may have changed its figures, and the assessment would record a statement it no longer holds.
 */
export const SEAL_TTL_SECONDS = 8 * 60 * 60;

export type SealCheck = 'ok' | 'altered' | 'expired';

/**
 * Seals the council's income statement as social care hands it to a financial assessment officer,
 * so that the statement passed back to `recordFinancialAssessment` can be told from a copy edited on
 * the way: the record says its figures are the council's, and without the seal a client could
 * send any figures that add up. Social care never calls the council itself (the gateway fetches
 * the statement under the caller's policy and consent), so the seal is what carries the proof.
 * It also carries when the statement was read (`<unix seconds>.<MAC>`), so a statement read long
 * ago cannot be recorded as the council's current one.
 *
 * The key is derived from the subgraph's own context key under a label of its own, so it needs
 * no secret of its own to provision and reveals nothing of the context key.
 */
export class StatementSeal {
  private readonly key: Buffer;

  constructor(contextSecret: Buffer) {
    this.key = Buffer.from(
      hkdfSync('sha256', contextSecret, 'care income statement seal v1', 'social-care', 32),
    );
  }

  /** `readAt` null: the first version's MAC, made before read times were kept. */
  private mac(nhsNumber: string, s: SealedStatement, readAt: number | null): string {
    const content = JSON.stringify([
      nhsNumber,
      s.claimReference,
      s.periodStart,
      s.periodEnd,
      s.sources.map((x) => [x.kind, x.weeklyAmount]),
      s.totalWeekly,
      s.capital ?? null,
      s.verifiedOn ?? null,
      ...(readAt === null ? [] : [readAt]),
    ]);
    return createHmac('sha256', this.key).update(content).digest('base64url');
  }

  private same(got: string, want: string): boolean {
    const a = Buffer.from(got);
    const b = Buffer.from(want);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  of(nhsNumber: string, s: SealedStatement, now: Date): string {
    const readAt = Math.floor(now.getTime() / 1000);
    return `${readAt}.${this.mac(nhsNumber, s, readAt)}`;
  }

  check(nhsNumber: string, s: SealedStatement, seal: string, now: Date): SealCheck {
    // A genuine seal of the first version (no read time) was read before read times were kept.
    if (/^[A-Za-z0-9_-]{43}$/.test(seal))
      return this.same(seal, this.mac(nhsNumber, s, null)) ? 'expired' : 'altered';
    const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(seal);
    if (!m) return 'altered';
    const readAt = Number(m[1]);
    if (!this.same(m[2], this.mac(nhsNumber, s, readAt))) return 'altered';
    const age = now.getTime() / 1000 - readAt;
    // A seal from the future was made by a clock ahead of this one: allow a minute of drift.
    return age > SEAL_TTL_SECONDS || age < -60 ? 'expired' : 'ok';
  }
}
