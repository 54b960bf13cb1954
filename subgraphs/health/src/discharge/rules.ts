import { badInput, isCalendarDate, tidyText } from '@care/common';
import { delayedDays } from '../health-flags';
import type { EncounterDoc } from '../store/port';
import type { DischargeNoticeKind } from './types';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;
export const MAX_NOTES = 2000;

export interface NoticeRequest {
  nhsNumber: string;
  kind: DischargeNoticeKind;
  plannedDischargeDate: string | null;
  notes: string | null;
  idempotencyKey: string;
}

/** Checks a notice; throws BAD_USER_INPUT naming the argument at fault. */
export function validateNotice(input: {
  nhsNumber: string;
  kind: DischargeNoticeKind;
  plannedDischargeDate?: string | null;
  notes?: string | null;
  idempotencyKey: string;
}): NoticeRequest {
  if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
    throw badInput('idempotencyKey must be 8 to 100 characters of letters, digits, _ or -', {
      argument: 'input.idempotencyKey',
    });
  }
  const planned = input.plannedDischargeDate?.trim() || null;
  if (planned !== null && !isCalendarDate(planned)) {
    throw badInput('plannedDischargeDate must be a calendar date (YYYY-MM-DD)', {
      argument: 'input.plannedDischargeDate',
    });
  }
  const notes = (input.notes != null && tidyText(input.notes)) || null;
  if (notes !== null && notes.length > MAX_NOTES) {
    throw badInput(`notes must be at most ${MAX_NOTES} characters`, { argument: 'input.notes' });
  }
  return {
    nhsNumber: input.nhsNumber,
    kind: input.kind,
    plannedDischargeDate: planned,
    notes,
    idempotencyKey: input.idempotencyKey,
  };
}

/** Whether a retry asks for the notice its key first made (no date given means the admission's date). */
export const sameNotice = (retry: NoticeRequest, first: NoticeRequest): boolean =>
  retry.nhsNumber === first.nhsNumber &&
  retry.kind === first.kind &&
  (retry.plannedDischargeDate === null || retry.plannedDischargeDate === first.plannedDischargeDate) &&
  retry.notes === first.notes;

/**
 * Whether a hospital site belongs to the caller's organisation: a trust's code (RYJ) covers its
 * sites (RYJ02); a site's code covers only itself.
 */
export const sameTrust = (siteCode: string | null, org: string): boolean =>
  siteCode !== null && (siteCode === org || (org.length === 3 && siteCode.startsWith(org)));

/**
 * Days past the planned discharge date: up to now while the patient is still in, up to the
 * discharge once out. Null when there is no planned date or no admission to measure.
 */
export function noticeDelay(
  planned: string | null,
  admission: Pick<EncounterDoc, 'status' | 'end'> | undefined,
  now: Date,
): { days: number | null; stillInHospital: boolean | null } {
  if (!admission) return { days: null, stillInHospital: null };
  if (admission.status === 'in-progress') return { days: delayedDays(planned, now), stillInHospital: true };
  return {
    days: admission.end ? delayedDays(planned, new Date(admission.end)) : null,
    stillInHospital: false,
  };
}
