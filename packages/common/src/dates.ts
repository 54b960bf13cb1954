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

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * The instant an argument names, as ISO 8601 in UTC: a calendar date (its first instant) or a date
 * and time with its offset; null when it is neither. `new Date` alone reads "0" as the year 2000,
 * 2026-02-30 as 2 March, and a time without an offset in the server's own zone.
 */
export function instantOf(v: string): string | null {
  if (isCalendarDate(v)) return `${v}T00:00:00.000Z`;
  const m = DATE_TIME.exec(v);
  return m && isCalendarDate(m[1]) ? new Date(v).toISOString() : null;
}
