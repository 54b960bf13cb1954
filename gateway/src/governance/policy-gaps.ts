import { ROLES, type PolicyDocument, type Role } from '@care/common';

/** A field the seeded policy grants to roles that a policy denies it to. */
export interface PolicyGap {
  coordinate: string;
  roles: Role[];
}

/**
 * Cells the seeded policy grants that a policy denies: fields added to the schema since the
 * policy was published (default deny keeps them from everyone until an IG admin grants them),
 * or grants an admin took away on purpose. Which of the two, only the admin knows.
 */
export function policyGaps(current: PolicyDocument, seeded: PolicyDocument): PolicyGap[] {
  const gaps: PolicyGap[] = [];
  for (const [coordinate, entry] of Object.entries(seeded.fields)) {
    const has = current.fields[coordinate]?.cells ?? {};
    const roles = ROLES.filter((r) => {
      const wanted = entry.cells[r]?.access;
      return wanted !== undefined && wanted !== 'deny' && (has[r]?.access ?? 'deny') === 'deny';
    });
    if (roles.length) gaps.push({ coordinate, roles });
  }
  return gaps.sort((a, b) => a.coordinate.localeCompare(b.coordinate));
}
