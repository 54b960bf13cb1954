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
 * Seals the council's income statement as social care hands it to a financial assessment officer,
 * so that the statement passed back to `recordFinancialAssessment` can be told from a copy edited on
 * the way: the record says its figures are the council's, and without the seal a client could
 * send any figures that add up. Social care never calls the council itself (the gateway fetches
 * the statement under the caller's policy and consent), so the seal is what carries the proof.
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

  of(nhsNumber: string, s: SealedStatement): string {
    const content = JSON.stringify([
      nhsNumber,
      s.claimReference,
      s.periodStart,
      s.periodEnd,
      s.sources.map((x) => [x.kind, x.weeklyAmount]),
      s.totalWeekly,
      s.capital ?? null,
      s.verifiedOn ?? null,
    ]);
    return createHmac('sha256', this.key).update(content).digest('base64url');
  }

  matches(nhsNumber: string, s: SealedStatement, seal: string): boolean {
    const want = Buffer.from(this.of(nhsNumber, s));
    const got = Buffer.from(seal);
    return got.length === want.length && timingSafeEqual(got, want);
  }
}
