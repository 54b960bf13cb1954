import type { Role } from '../roles';

/**
 * What a role may do with one field:
 * - `deny`: never (break-glass does not open it);
 * - `related`: only for a person the viewer has a legitimate relationship with;
 * - `any`: for any person (e.g. child protection flags for unscheduled care);
 * - `break_glass`: only while the viewer has break-glass open for that person.
 */
export const ACCESS_LEVELS = ['deny', 'related', 'any', 'break_glass'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

export interface Cell {
  access: Access;
  /** A consent flow that must be active for the person, in addition to the access level. */
  consent?: string | null;
}

export interface FieldPolicy {
  /** Cells per role; a role with no cell is denied. */
  cells: Partial<Record<Role, Cell>>;
  /** Viewing this field as unscheduled care notifies the person's social worker (CP-IS). */
  notifyOnUnscheduledView?: boolean;
}

export interface PolicyDocument {
  /** Keyed by schema coordinate, `Type.field`. */
  fields: Record<string, FieldPolicy>;
}

export interface PolicyVersion {
  version: number;
  document: PolicyDocument;
  createdAt: string;
  createdBy: string;
  comment: string;
  /** The version this one was edited from; publishing on a stale base is refused. */
  basedOn: number | null;
  /** Set when this version restores an earlier one. */
  rollbackOf?: number | null;
}
