import type { DenyReason } from './errors';

/** What one request returned and withheld, per person: the audit trail's "which fields", never values. */
export interface PersonAccess {
  nhsNumber: string | null;
  allowed: string[];
  denied: { field: string; reason: DenyReason }[];
  breakGlass: boolean;
  /** Fields whose view by unscheduled care must notify the person's social worker. */
  notify: string[];
}

/**
 * The same fields returned and withheld for several people: how access reports travel and are
 * kept. A caseload's fifty people mostly share one pattern, so its report is a few groups, not
 * fifty copies of the same field names to serialise, parse, hash and store.
 */
export interface AccessGroup {
  /** NHS numbers; null stands for fields tied to no person (root lookups, reference data). */
  persons: (string | null)[];
  allowed: string[];
  denied: { field: string; reason: DenyReason }[];
  breakGlass: boolean;
  notify: string[];
}

export const ACCESS_EXTENSION = 'careAccess';

interface Entry {
  allowed: Set<string>;
  denied: Map<string, DenyReason>;
  breakGlass: boolean;
  notify: Set<string>;
}

const sorted = <T>(values: Iterable<T>): T[] => [...values].sort();

export class AccessRecorder {
  private readonly byPerson = new Map<string, Entry>();

  private entry(nhs: string | null): Entry {
    const key = nhs ?? '';
    let e = this.byPerson.get(key);
    if (!e) {
      e = { allowed: new Set(), denied: new Map(), breakGlass: false, notify: new Set() };
      this.byPerson.set(key, e);
    }
    return e;
  }

  allowed(nhs: string | null, field: string, viaBreakGlass: boolean, notify: boolean): void {
    const e = this.entry(nhs);
    e.allowed.add(field);
    if (viaBreakGlass) e.breakGlass = true;
    if (notify) e.notify.add(field);
  }

  denied(nhs: string | null, field: string, reason: DenyReason): void {
    this.entry(nhs).denied.set(field, reason);
  }

  get empty(): boolean {
    return this.byPerson.size === 0;
  }

  /** One entry per person, fields in a stable order. */
  people(): PersonAccess[] {
    return [...this.byPerson].map(([nhs, e]) => ({
      nhsNumber: nhs || null,
      allowed: sorted(e.allowed),
      denied: sorted(e.denied.keys()).map((field) => ({ field, reason: e.denied.get(field) as DenyReason })),
      breakGlass: e.breakGlass,
      notify: sorted(e.notify),
    }));
  }

  /** The report as it travels: people with identical access share one group. */
  toJSON(): AccessGroup[] {
    return groupAccess(this.people());
  }
}

/** Groups people whose allowed, withheld, break-glass and notify fields are all the same. */
export function groupAccess(people: PersonAccess[]): AccessGroup[] {
  const groups = new Map<string, AccessGroup>();
  for (const p of people) {
    const key = `${p.allowed.join(',')}|${p.denied.map((d) => `${d.field}:${d.reason}`).join(',')}|${p.breakGlass}|${p.notify.join(',')}`;
    const g = groups.get(key);
    if (g) g.persons.push(p.nhsNumber);
    else
      groups.set(key, {
        persons: [p.nhsNumber],
        allowed: p.allowed,
        denied: p.denied,
        breakGlass: p.breakGlass,
        notify: p.notify,
      });
  }
  return [...groups.values()];
}

/** Merges the reports of several subgraph fetches of one request into one entry per person. */
export function mergeAccess(groups: AccessGroup[]): PersonAccess[] {
  const rec = new AccessRecorder();
  for (const g of groups) {
    const notify = new Set(g.notify);
    for (const nhs of g.persons) {
      for (const f of g.allowed) rec.allowed(nhs, f, g.breakGlass, notify.has(f));
      for (const d of g.denied) rec.denied(nhs, d.field, d.reason);
    }
  }
  return rec.people();
}

/** A federated Person as resolvers pass it around: the key, and nothing else. */
export interface PersonRef {
  nhsNumber: string;
}
