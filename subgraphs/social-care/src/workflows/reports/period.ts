import { badInput, BOROUGHS, isCalendarDate } from '@care/common';
import type { OrganisationReportValue } from './types';

const DAY_MS = 86_400_000;
/** A longer period would be a different kind of report (and a heavier read). */
export const MAX_PERIOD_DAYS = 3 * 366;

/** The period's bounds as instants: `from` inclusive, the day after `to` exclusive. */
export interface Period {
  start: string;
  end: string;
}

/** Checks a report's organisation and period; throws BAD_USER_INPUT naming the argument. */
export function reportKey(organisation: string, from: string, to: string): OrganisationReportValue {
  if (!BOROUGHS.some((b) => b.code === organisation)) {
    throw badInput('organisation must be the ONS code of a borough this service connects', {
      argument: 'organisation',
    });
  }
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isCalendarDate(value)) {
      throw badInput(`${name} must be a calendar date (YYYY-MM-DD)`, { argument: name });
    }
  }
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  if (days < 0) throw badInput('to must not be before from', { argument: 'to' });
  if (days > MAX_PERIOD_DAYS) throw badInput('A report covers at most 3 years', { argument: 'to' });
  return { organisation, from, to };
}

export function periodOf(key: OrganisationReportValue): Period {
  return {
    start: new Date(`${key.from}T00:00:00Z`).toISOString(),
    end: new Date(Date.parse(`${key.to}T00:00:00Z`) + DAY_MS).toISOString(),
  };
}
