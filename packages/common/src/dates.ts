const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years a date in a care record can fall in: births from 1900, plans and reviews to 2999. */
export const DATE_YEARS = { first: 1900, last: 2999 } as const;

/**
 * Whether `s` is a day of the calendar written YYYY-MM-DD, within `DATE_YEARS`. `Date.parse`
 * alone takes 2026-02-31 (as 3 March) and 0000-01-01, and stores them as written.
 */
export function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < DATE_YEARS.first || y > DATE_YEARS.last || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}
