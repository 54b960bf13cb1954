import type { EncounterDoc, FlagDoc } from './store/port';

const DAY_MS = 86_400_000;

/** How far back an A&E attendance still counts as recent for social care. */
export const RECENT_AE_DAYS = 30;

/** The flags social care sees, computed per request from the flags and encounters health holds. */
export interface HealthFlagsValue {
  nhsNumber: string;
  fallsRisk: boolean;
  dementia: boolean;
  learningDisability: boolean;
  endOfLife: boolean;
  recentAeAttendance: string | null;
  currentAdmission: AdmissionSummaryValue | null;
}

export interface AdmissionSummaryValue {
  nhsNumber: string;
  hospital: string | null;
  admittedAt: string;
  expectedDischargeDate: string | null;
  delayedDays: number;
}

/** What the flags are computed from: active flags, and the encounters that can matter now. */
export interface HealthFlagInputs {
  nhsNumber: string;
  flags: Pick<FlagDoc, 'kind'>[];
  encounters: Pick<EncounterDoc, 'kind' | 'status' | 'start' | 'hospital' | 'expectedDischargeDate'>[];
}

/** The instant from which an A&E attendance counts as recent. */
export const recentAeSince = (now: Date): string =>
  new Date(now.getTime() - RECENT_AE_DAYS * DAY_MS).toISOString();

/**
 * Whole days from the planned discharge date to now, never negative: the figure councils are
 * fined on. Null without a planned date, since then nothing can be late.
 */
export function delayedDays(expectedDischargeDate: string | null, now: Date): number | null {
  if (!expectedDischargeDate) return null;
  const planned = Date.parse(`${expectedDischargeDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(planned)) return null;
  return Math.max(0, Math.floor((now.getTime() - planned) / DAY_MS));
}

const newestFirst = <T extends { start: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0));

export function computeHealthFlags(input: HealthFlagInputs, now: Date): HealthFlagsValue {
  const kinds = new Set(input.flags.map((f) => f.kind));
  const since = recentAeSince(now);
  const nowIso = now.toISOString();
  const encounters = newestFirst(input.encounters.filter((e) => e.status !== 'entered-in-error'));
  const ae = encounters.find((e) => e.kind === 'AE_ATTENDANCE' && e.start >= since && e.start <= nowIso);
  const admission = encounters.find((e) => e.kind === 'ADMISSION' && e.status === 'in-progress');
  return {
    nhsNumber: input.nhsNumber,
    fallsRisk: kinds.has('FALLS_RISK'),
    dementia: kinds.has('DEMENTIA'),
    learningDisability: kinds.has('LEARNING_DISABILITY'),
    endOfLife: kinds.has('END_OF_LIFE'),
    recentAeAttendance: ae?.start ?? null,
    currentAdmission: admission
      ? {
          nhsNumber: input.nhsNumber,
          hospital: admission.hospital,
          admittedAt: admission.start,
          expectedDischargeDate: admission.expectedDischargeDate,
          delayedDays: delayedDays(admission.expectedDischargeDate, now) ?? 0,
        }
      : null,
  };
}
