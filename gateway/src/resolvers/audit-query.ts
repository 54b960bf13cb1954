import { badInput, type Filter } from '@care/common';
import type { AuditDoc } from '../audit/record';
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

const isoOrThrow = (v: string, name: string): string => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw badInput(`${name} must be an ISO 8601 date or time`);
  return d.toISOString();
};

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
  if (q.outcome) filter.outcome = q.outcome;
  if (q.breakGlassOnly) filter.breakGlass = true;
  const at: Record<string, string> = {};
  if (q.from) at.$gte = isoOrThrow(q.from, 'from');
  if (q.to) at.$lte = isoOrThrow(q.to, 'to');
  if (Object.keys(at).length) filter.at = at;
  if (q.after) {
    const seq = Number(Buffer.from(q.after, 'base64url').toString());
    if (!Number.isInteger(seq) || seq < 1) throw badInput('after is not a cursor from this search');
    filter.seq = { $lt: seq };
  }
  const page = await store.audit.find(filter, { sort: { seq: -1 }, limit: first + 1 });
  const records = page.slice(0, first);
  const nextCursor =
    page.length > first ? Buffer.from(String(records[records.length - 1].seq)).toString('base64url') : null;
  return { records, nextCursor };
}
