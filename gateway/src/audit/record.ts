import { createHash } from 'node:crypto';
import type { DenyReason, Role } from '@care/common';

export type AuditKind = 'read' | 'write' | 'login' | 'policy' | 'break_glass' | 'presence' | 'consent';
export type AuditOutcome = 'allowed' | 'partial' | 'denied' | 'error' | 'locked';

/** Which fields of one person a request returned and withheld: names only, never values. */
export interface AuditPersonAccess {
  nhsNumber: string;
  allowed: string[];
  denied: { field: string; reason: DenyReason }[];
}

/** The same, for every person in `persons` (records are kept grouped: a caseload is a few groups). */
export interface AuditAccessGroup {
  persons: string[];
  allowed: string[];
  denied: { field: string; reason: DenyReason }[];
}

/** What is recorded of one access before its data goes back. */
export interface AuditEntry {
  at: string;
  requestId: string;
  user: string;
  role: Role | 'anonymous';
  org: string;
  purpose: string;
  breakGlass: boolean;
  kind: AuditKind;
  operationName: string | null;
  operationHash: string;
  outcome: AuditOutcome;
  persons: string[];
  /** Groups since grouping began; records written before it hold one entry per person. */
  access: (AuditAccessGroup | AuditPersonAccess)[];
  /** A short, value-free description, e.g. "login failed: wrong code". */
  note: string | null;
}

export interface AuditDoc extends AuditEntry {
  _id: string;
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Every element a string (a hole is not: it is written empty below, `null` by JSON.stringify). */
function allStrings(value: unknown[]): boolean {
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/**
 * Key order fixed recursively, so the hash of a record does not depend on how it was built.
 * Built by concatenation rather than entries, sort and join: it runs for every audited request.
 * A list of strings (field names, NHS numbers: most of a record) has one JSON form, so it is
 * written by JSON.stringify in one native call, element by element as below would.
 * The output must never change (stored chains are verified with it; record.test.ts pins it).
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    if (allStrings(value)) return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      // As Array.join writes it: an element JSON cannot hold (undefined) is left empty.
      out += (i > 0 ? ',' : '') + ((canonical(value[i] as unknown) as string | undefined) ?? '');
    }
    return `${out}]`;
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    // The default sort orders by UTF-16 code units, as `<` does on strings.
    const keys = Object.keys(obj).sort();
    let out = '{';
    for (const k of keys) {
      const v = obj[k];
      if (v === undefined) continue;
      out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${canonical(v)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

export function chainHash(entry: AuditEntry, seq: number, prevHash: string): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonical({ ...entry, seq }))
    .digest('hex');
}

/** The entry fields of a stored record, as they were hashed. */
export function entryOf(doc: AuditDoc): AuditEntry {
  const { _id: _i, seq: _s, prevHash: _p, hash: _h, ...entry } = doc;
  return entry;
}

/** A record's access per person, whichever way it was kept. */
export function accessByPerson(entry: Pick<AuditEntry, 'access'>): AuditPersonAccess[] {
  return entry.access.flatMap((a) =>
    'persons' in a
      ? a.persons.map((nhsNumber) => ({ nhsNumber, allowed: a.allowed, denied: a.denied }))
      : [a],
  );
}
