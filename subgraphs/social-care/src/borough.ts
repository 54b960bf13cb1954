import { BOROUGHS } from '@care/common';
import type { WorkerDoc } from './store/port';

export interface BoroughRef {
  code: string;
  name: string;
  dutyTeamPhone: string | null;
}

/** A borough from reference data; an unknown code (e.g. an imported record) still shows its code. */
export function boroughRef(code: string): BoroughRef {
  const found = BOROUGHS.find((b) => b.code === code);
  return found
    ? { code: found.code, name: found.name, dutyTeamPhone: found.phone }
    : { code, name: code, dutyTeamPhone: null };
}

/**
 * Who unscheduled care should call about a child: the allocated worker, or, when nobody is
 * allocated, the borough's duty team, which is always staffed.
 */
export function childProtectionContact(borough: string, allocated: WorkerDoc | null): WorkerDoc {
  if (allocated) return allocated;
  const b = boroughRef(borough);
  return {
    id: `duty.${b.code}`,
    name: `${b.name} duty team`,
    team: "Children's duty",
    phone: b.dutyTeamPhone,
    email: null,
  };
}
