import { instantOf, isCalendarDate } from './dates';

describe('isCalendarDate', () => {
  it('takes days of the calendar, leap days in leap years included', () => {
    for (const d of ['2026-01-31', '2024-02-29', '2000-02-29', '1900-01-01', '2999-12-31', '2026-04-30'])
      expect([d, isCalendarDate(d)]).toEqual([d, true]);
  });

  it('refuses days no month has, years out of range and anything not YYYY-MM-DD', () => {
    for (const d of [
      '2026-02-29',
      '1900-02-29',
      '2026-02-31',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '0000-01-01',
      '1899-12-31',
      '3000-01-01',
      '2026-1-01',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
      '',
    ])
      expect([d, isCalendarDate(d)]).toEqual([d, false]);
  });

  it('holds data other systems wrote to the calendar only, when asked to', () => {
    const any = { first: 1, last: 9999 };
    expect(isCalendarDate('1899-12-31', any)).toBe(true);
    expect(isCalendarDate('1600-02-29', any)).toBe(true);
    expect(isCalendarDate('1700-02-29', any)).toBe(false);
    expect(isCalendarDate('0000-01-01', any)).toBe(false);
  });

  it('reads an instant from a date or a date and time with its offset, and nothing else', () => {
    expect(instantOf('2026-12-01')).toBe('2026-12-01T00:00:00.000Z');
    expect(instantOf('2026-12-01T10:30+01:00')).toBe('2026-12-01T09:30:00.000Z');
    expect(instantOf('2026-12-01T10:30:05.123Z')).toBe('2026-12-01T10:30:05.123Z');
    for (const v of [
      '0',
      '2026-02-30',
      '2026-02-30T10:00Z',
      '2026-12-01T10:00',
      '2026-12-01T25:00Z',
      'yesterday',
    ])
      expect([v, instantOf(v)]).toEqual([v, null]);
  });
});
