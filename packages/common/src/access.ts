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

export const ACCESS_EXTENSION = 'careAccess';

export class AccessRecorder {
  private readonly byPerson = new Map<
    string,
    { allowed: Set<string>; denied: Map<string, DenyReason>; breakGlass: boolean; notify: Set<string> }
  >();

  private entry(nhs: string | null) {
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

  toJSON(): PersonAccess[] {
    return [...this.byPerson].map(([nhs, e]) => ({
      nhsNumber: nhs || null,
      allowed: [...e.allowed],
      denied: [...e.denied].map(([field, reason]) => ({ field, reason })),
      breakGlass: e.breakGlass,
      notify: [...e.notify],
    }));
  }
}

/** Merges reports from several subgraph fetches of one request into one list per person. */
export function mergeAccess(reports: PersonAccess[]): PersonAccess[] {
  const rec = new AccessRecorder();
  for (const r of reports) {
    for (const f of r.allowed) rec.allowed(r.nhsNumber, f, r.breakGlass, r.notify.includes(f));
    for (const d of r.denied) rec.denied(r.nhsNumber, d.field, d.reason);
  }
  return rec.toJSON();
}

/** A federated Person as resolvers pass it around: the key, and nothing else. */
export interface PersonRef {
  nhsNumber: string;
}
