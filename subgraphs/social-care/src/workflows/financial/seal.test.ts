import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { SEAL_TTL_SECONDS, StatementSeal, type SealedStatement } from './seal';

const STATEMENT: SealedStatement = {
  claimReference: 'HB-1',
  periodStart: '2026-04-01',
  periodEnd: '2027-03-31',
  sources: [{ kind: 'STATE_PENSION', weeklyAmount: 203.85 }],
  totalWeekly: 203.85,
  capital: 1200,
  verifiedOn: '2026-05-02',
};
const NHS = '9990000018';
const READ = new Date('2026-12-03T09:00:00Z');
const later = (seconds: number) => new Date(READ.getTime() + seconds * 1000);

describe('the income statement seal', () => {
  const seal = new StatementSeal(randomBytes(32));
  const sealed = seal.of(NHS, STATEMENT, READ);

  it('holds for the statement as read, for a working day', () => {
    expect(seal.check(NHS, STATEMENT, sealed, READ)).toBe('ok');
    expect(seal.check(NHS, STATEMENT, sealed, later(SEAL_TTL_SECONDS))).toBe('ok');
  });

  it('expires after it, and refuses a read time from beyond the clock’s drift', () => {
    expect(seal.check(NHS, STATEMENT, sealed, later(SEAL_TTL_SECONDS + 1))).toBe('expired');
    expect(seal.check(NHS, STATEMENT, seal.of(NHS, STATEMENT, later(120)), READ)).toBe('expired');
  });

  it('takes a genuine seal from before read times were kept as out of date, and any other as altered', () => {
    const key = randomBytes(32);
    const firstVersion = createHmac(
      'sha256',
      Buffer.from(hkdfSync('sha256', key, 'care income statement seal v1', 'social-care', 32)),
    )
      .update(
        JSON.stringify([
          NHS,
          'HB-1',
          '2026-04-01',
          '2027-03-31',
          [['STATE_PENSION', 203.85]],
          203.85,
          1200,
          '2026-05-02',
        ]),
      )
      .digest('base64url');
    const keyed = new StatementSeal(key);
    expect(keyed.check(NHS, STATEMENT, firstVersion, READ)).toBe('expired');
    expect(keyed.check(NHS, { ...STATEMENT, capital: 0 }, firstVersion, READ)).toBe('altered');
    expect(keyed.check(NHS, STATEMENT, 'A'.repeat(43), READ)).toBe('altered');
    const [, mac] = sealed.split('.');
    expect(seal.check(NHS, STATEMENT, mac, READ)).toBe('altered');
  });

  it('tells any change of figures, person, read time or key', () => {
    expect(seal.check(NHS, { ...STATEMENT, capital: 0 }, sealed, READ)).toBe('altered');
    expect(seal.check(NHS, { ...STATEMENT, sources: [], totalWeekly: 0 }, sealed, READ)).toBe('altered');
    expect(seal.check('9990000026', STATEMENT, sealed, READ)).toBe('altered');
    const [, mac] = sealed.split('.');
    // Moving the read time forward (to outlive the expiry) breaks the MAC.
    expect(
      seal.check(NHS, STATEMENT, `${Math.floor(READ.getTime() / 1000) + 3600}.${mac}`, later(3600)),
    ).toBe('altered');
    expect(new StatementSeal(randomBytes(32)).check(NHS, STATEMENT, sealed, READ)).toBe('altered');
    for (const junk of ['', 'typed-by-hand', `x.${mac}`, `${sealed}x`, `${mac}x`]) {
      expect(seal.check(NHS, STATEMENT, junk, READ)).toBe('altered');
    }
  });
});
