import { badInput, instantOf, isCalendarDate, type Filter } from '@care/common';
import type { AuditDoc, AuditOutcome } from '../audit/record';
import type { GovernanceStore } from '../governance/store';

export interface AuditQuery {
  nhsNumber?: string | null;
  user?: string | null;
  from?: string | null;
  to?: string | null;
  outcome?: string | null;
  breakGlassOnly?: boolean | null;
  first?: number | null;
  after?: string | null;
}

/**
 * A bound of the search as an instant: a calendar date (the whole day, `to` included) or an ISO
 * 8601 date and time with its offset. A date-only `to` at its first instant left that day out.
 */
function boundOf(v: string, name: 'from' | 'to'): string {
  if (name === 'to' && isCalendarDate(v)) return `${v}T23:59:59.999Z`;
  const at = instantOf(v);
  if (!at) {
    throw badInput(`${name} must be a date (YYYY-MM-DD) or an ISO 8601 date and time with its offset`, {
      argument: name,
    });
  }
  return at;
}

const OUTCOMES = new Set<string>([
  'allowed',
  'partial',
  'denied',
  'error',
  'locked',
] satisfies AuditOutcome[]);

const cursorOf = (seq: number) => Buffer.from(String(seq)).toString('base64url');

/** The sequence number a cursor of this search holds; anything it did not hand out is refused. */
function seqOf(after: string): number {
  const text = Buffer.from(after, 'base64url').toString();
  const seq = /^[1-9]\d{0,14}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(seq) || cursorOf(seq) !== after)
    throw badInput('after is not a cursor from this search', { argument: 'after' });
  return seq;
}

/** Audit search, newest first, paged by sequence number (stable under concurrent appends). */
export async function searchAudit(
  store: GovernanceStore,
  q: AuditQuery,
): Promise<{ records: AuditDoc[]; nextCursor: string | null }> {
  const first = q.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > 200) throw badInput('first must be 1 to 200');
  const filter: Filter = {};
  if (q.nhsNumber) filter.persons = q.nhsNumber;
  if (q.user) filter.user = q.user;
  if (q.outcome) {
    if (!OUTCOMES.has(q.outcome))
      throw badInput(`outcome must be one of ${[...OUTCOMES].join(', ')}`, { argument: 'outcome' });
    filter.outcome = q.outcome;
  }
  if (q.breakGlassOnly) filter.breakGlass = true;
  const at: Record<string, string> = {};
  if (q.from) at.$gte = boundOf(q.from, 'from');
  if (q.to) at.$lte = boundOf(q.to, 'to');
  if (at.$gte && at.$lte && at.$gte > at.$lte)
    throw badInput('to must not be before from', { argument: 'to' });
  if (Object.keys(at).length) filter.at = at;
  if (q.after) filter.seq = { $lt: seqOf(q.after) };
  const page = await store.audit.find(filter, { sort: { seq: -1 }, limit: first + 1 });
  const records = page.slice(0, first);
  const nextCursor = page.length > first ? cursorOf(records[records.length - 1].seq) : null;
  return { records, nextCursor };
}
