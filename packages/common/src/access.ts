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

/**
 * A sequence of allowed fields, as a path in a tree of the sequences recorded so far: people whose
 * fields were recorded in the same order end at the same node, so grouping them is a lookup by
 * identity, not by a string of every field name (which cost 1-2 µs a person to build and hash).
 */
class FieldPath {
  private readonly next = new Map<string, FieldPath>();

  then(field: string): FieldPath {
    let n = this.next.get(field);
    if (!n) this.next.set(field, (n = new FieldPath()));
    return n;
  }
}

interface Entry {
  allowed: Set<string>;
  /** Where the allowed fields, in the order recorded, lead in the recorder's tree of them. */
  path: FieldPath;
  denied: Map<string, DenyReason>;
  breakGlass: boolean;
  notify: Set<string>;
}

const sorted = <T>(values: Iterable<T>): T[] => [...values].sort();

export class AccessRecorder {
  private readonly byPerson = new Map<string, Entry>();
  private readonly root = new FieldPath();

  private entry(nhs: string | null): Entry {
    const key = nhs ?? '';
    let e = this.byPerson.get(key);
    if (!e) {
      e = { allowed: new Set(), path: this.root, denied: new Map(), breakGlass: false, notify: new Set() };
      this.byPerson.set(key, e);
    }
    return e;
  }

  allowed(nhs: string | null, field: string, viaBreakGlass: boolean, notify: boolean): void {
    const e = this.entry(nhs);
    if (!e.allowed.has(field)) {
      e.allowed.add(field);
      e.path = e.path.then(field);
    }
    if (viaBreakGlass) e.breakGlass = true;
    if (notify) e.notify.add(field);
  }

  denied(nhs: string | null, field: string, reason: DenyReason): void {
    this.entry(nhs).denied.set(field, reason);
  }

  /**
   * Access another operation reported, made part of this one's: a read made on this request's
   * behalf, whose fields the response shows in other forms (the timeline's events).
   */
  include(groups: readonly AccessGroup[]): void {
    for (const g of groups) {
      const notify = new Set(g.notify);
      for (const p of g.persons) this.take(p, g, notify);
    }
  }

  /** One reported group's access, recorded as `nhs`'s. */
  take(nhs: string | null, g: Omit<AccessGroup, 'persons'>, notify = new Set(g.notify)): void {
    for (const f of g.allowed) this.allowed(nhs, f, g.breakGlass, notify.has(f));
    for (const d of g.denied) this.denied(nhs, d.field, d.reason);
  }

  get empty(): boolean {
    return this.byPerson.size === 0;
  }

  /** One entry per person, fields in a stable order. */
  people(): PersonAccess[] {
    return [...this.byPerson].map(([nhs, e]) => ({ nhsNumber: nhs || null, ...sortedEntry(e) }));
  }

  /**
   * The report as it travels: people with identical access share one group. Fields are decided
   * in selection order, the same for every person a list returns, so people are grouped by their
   * allowed fields as recorded (a node of the recorder's tree) and each group's lists are sorted
   * once, not each person's. Denials, notices and break-glass are rare and keyed as text.
   */
  toJSON(): AccessGroup[] {
    const byPath = new Map<FieldPath, Map<string, AccessGroup>>();
    const out: AccessGroup[] = [];
    for (const [nhs, e] of this.byPerson) {
      let rest = e.breakGlass ? 'g' : '';
      if (e.denied.size > 0) rest += `|${[...e.denied].map(([f, r]) => `${f}:${r}`).join(',')}`;
      if (e.notify.size > 0) rest += `|!${[...e.notify].join(',')}`;
      let groups = byPath.get(e.path);
      if (!groups) byPath.set(e.path, (groups = new Map()));
      const g = groups.get(rest);
      if (g) g.persons.push(nhs || null);
      else {
        const group = { persons: [nhs || null], ...sortedEntry(e) };
        groups.set(rest, group);
        out.push(group);
      }
    }
    return out;
  }
}

function sortedEntry(e: Entry): Omit<PersonAccess, 'nhsNumber'> {
  return {
    allowed: sorted(e.allowed),
    denied: sorted(e.denied.keys()).map((field) => ({ field, reason: e.denied.get(field) as DenyReason })),
    breakGlass: e.breakGlass,
    notify: sorted(e.notify),
  };
}

const contentKey = (g: Omit<AccessGroup, 'persons'>): string =>
  `${g.allowed.join(',')}|${g.denied.map((d) => `${d.field}:${d.reason}`).join(',')}|${g.breakGlass}|${g.notify.join(',')}`;

/**
 * Merges the reports of a request's subgraph fetches into one group per distinct access, without
 * going person by person through every field: people who appear in the same reported groups get
 * the union of those groups, worked out once per combination (a caseload has a handful).
 */
export function mergeAccess(groups: AccessGroup[]): AccessGroup[] {
  const memberships = new Map<string | null, number[]>();
  groups.forEach((g, i) => {
    for (const p of g.persons) {
      const m = memberships.get(p);
      if (m) m.push(i);
      else memberships.set(p, [i]);
    }
  });
  // Per combination of reported groups: the union of their access, and the group it went into.
  const combined = new Map<string, AccessGroup>();
  const byContent = new Map<string, AccessGroup>();
  for (const [person, member] of memberships) {
    const combination = member.join(',');
    let group = combined.get(combination);
    if (!group) {
      const rec = new AccessRecorder();
      for (const i of member) rec.take(null, groups[i]);
      const [{ allowed, denied, breakGlass, notify }] = rec.people();
      const access = { allowed, denied, breakGlass, notify };
      const key = contentKey(access);
      group = byContent.get(key);
      if (!group) byContent.set(key, (group = { persons: [], ...access }));
      combined.set(combination, group);
    }
    group.persons.push(person);
  }
  return [...byContent.values()];
}

/** One entry per person of some groups (the few a notification needs). */
export function personsOf(groups: AccessGroup[]): PersonAccess[] {
  return groups.flatMap((g) =>
    g.persons.map((nhsNumber) => ({
      nhsNumber,
      allowed: g.allowed,
      denied: g.denied,
      breakGlass: g.breakGlass,
      notify: g.notify,
    })),
  );
}

/** A federated Person as resolvers pass it around: the key, and nothing else. */
export interface PersonRef {
  nhsNumber: string;
}
