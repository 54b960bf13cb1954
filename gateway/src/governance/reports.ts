import { badInput, cell, isCalendarDate } from '@care/common';
import { accessByPerson, type AuditDoc } from '../audit/record';
import type { GovernanceStore } from './store';

/** Break-glass uses by an organisation's staff in a period, counted by distinct people opened. */
export async function breakGlassCount(
  store: GovernanceStore,
  organisation: string,
  from: string,
  to: string,
) {
  if (!isCalendarDate(from) || !isCalendarDate(to) || from > to)
    throw badInput('from and to must be ISO dates, from before to');
  const uses = await store.alerts.find(
    { org: organisation, at: { $gte: `${from}T00:00:00.000Z`, $lte: `${to}T23:59:59.999Z` } },
    { projection: ['nhsNumber'] },
  );
  const people = new Set(uses.map((u) => u.nhsNumber)).size;
  return cell({ count: people, people });
}

/** Who viewed a value in the days before it was corrected, from the audit trail (names, not values). */
export async function recentViewers(
  store: GovernanceStore,
  nhsNumber: string,
  coordinate: string,
  decidedAt: string,
  days: number,
): Promise<{ user: string; role: AuditDoc['role']; org: string; lastViewedAt: string }[]> {
  if (!Number.isInteger(days) || days < 1 || days > 365) throw badInput('days must be 1 to 365');
  const until = new Date(decidedAt);
  if (Number.isNaN(until.getTime())) return [];
  const since = new Date(until.getTime() - days * 86_400_000).toISOString();
  const records = await store.audit.find(
    { persons: nhsNumber, at: { $gte: since, $lte: until.toISOString() } },
    { projection: ['user', 'role', 'org', 'at', 'access'], sort: { at: -1 }, limit: 5000 },
  );
  const latest = new Map<
    string,
    { user: string; role: AuditDoc['role']; org: string; lastViewedAt: string }
  >();
  for (const r of records) {
    const saw = accessByPerson(r).some((a) => a.nhsNumber === nhsNumber && a.allowed.includes(coordinate));
    if (saw && !latest.has(r.user))
      latest.set(r.user, { user: r.user, role: r.role, org: r.org, lastViewedAt: r.at });
  }
  return [...latest.values()];
}
