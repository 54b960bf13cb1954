import { noticeDelay, sameTrust, validateNotice } from './rules';

const NOW = new Date('2026-11-22T10:00:00Z');

describe('discharge notice rules', () => {
  it('counts days past the planned date: to today while in hospital, to the discharge once out', () => {
    expect(noticeDelay('2026-11-18', { status: 'in-progress', end: null }, NOW)).toEqual({
      days: 4,
      stillInHospital: true,
    });
    expect(noticeDelay('2026-11-25', { status: 'in-progress', end: null }, NOW)).toEqual({
      days: 0,
      stillInHospital: true,
    });
    expect(noticeDelay('2026-11-10', { status: 'finished', end: '2026-11-12T15:00:00Z' }, NOW)).toEqual({
      days: 2,
      stillInHospital: false,
    });
    expect(noticeDelay(null, { status: 'in-progress', end: null }, NOW)).toEqual({
      days: null,
      stillInHospital: true,
    });
    expect(noticeDelay('2026-11-10', undefined, NOW)).toEqual({ days: null, stillInHospital: null });
  });

  it("treats a trust's sites as the trust's, and nothing else", () => {
    expect(sameTrust('RYJ', 'RYJ')).toBe(true);
    expect(sameTrust('RYJ02', 'RYJ')).toBe(true);
    expect(sameTrust('RQM', 'RYJ')).toBe(false);
    expect(sameTrust('RYJ', 'RYJ02')).toBe(false);
    expect(sameTrust(null, 'RYJ')).toBe(false);
  });

  it('checks the date, the notes and the idempotency key', () => {
    const base = { nhsNumber: '9990000018', kind: 'DISCHARGE' as const, idempotencyKey: 'dn-12345678' };
    expect(validateNotice({ ...base, plannedDischargeDate: ' 2026-11-30 ', notes: '  ' })).toMatchObject({
      plannedDischargeDate: '2026-11-30',
      notes: null,
    });
    expect(() => validateNotice({ ...base, plannedDischargeDate: '30/11/2026' })).toThrow(
      /plannedDischargeDate/,
    );
    for (const impossible of ['2027-02-31', '2026-02-29', '0000-01-01', '   2026-13-01'])
      expect(() => validateNotice({ ...base, plannedDischargeDate: impossible })).toThrow(
        /plannedDischargeDate must be a calendar date/,
      );
    expect(() => validateNotice({ ...base, notes: 'x'.repeat(2001) })).toThrow(/notes/);
    expect(() => validateNotice({ ...base, idempotencyKey: 'no' })).toThrow(/idempotencyKey/);
  });
});
