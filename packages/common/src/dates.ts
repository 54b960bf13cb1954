const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years a date in a care record can fall in: births from 1900, plans and reviews to 2999. */
export const DATE_YEARS = { first: 1900, last: 2999 } as const;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Whether `s` is a day of the calendar written YYYY-MM-DD, within `years` (`DATE_YEARS` unless
 * said: what a person types into a care record). `Date.parse` alone takes 2026-02-31 (as 3 March)
 * and 0000-01-01, and they were stored as written. Data other systems wrote (a FHIR birth date, a
 * registration made from one) is held to the calendar only: `{ first: 1, last: 9999 }`.
 */
export function isCalendarDate(s: string, years: { first: number; last: number } = DATE_YEARS): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < years.first || y > years.last || mo < 1 || mo > 12 || d < 1) return false;
  return d <= (mo === 2 && leap(y) ? 29 : DAYS[mo - 1]);
}
