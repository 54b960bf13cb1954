import { badInput, isCalendarDate } from '@care/common';
import type { HealthStore } from '../store/port';
import { noticeDelay } from './rules';
import type { DischargeStore } from './store';
import { cell as tallyCell, type ReportCell } from '@care/common';

const cell = (value: number, people: number): ReportCell => tallyCell({ count: value, people });

const DAY_MS = 86_400_000;

/** The report's key, as social care (which owns the report's entry point) validated it. */
export interface ReportKey {
  organisation: string;
  from: string;
  to: string;
}

export interface DischargeFigures {
  assessmentNotices: ReportCell;
  dischargeNotices: ReportCell;
  peopleDelayed: ReportCell;
  delayedDischargeDays: ReportCell;
}

const people = (items: { nhsNumber: string }[]) => new Set(items.map((i) => i.nhsNumber)).size;

/** Health's figures for a borough and period: notices sent to it, and the days its patients waited. */
export async function dischargeFigures(
  notices: DischargeStore,
  health: HealthStore,
  key: ReportKey,
  now: Date,
): Promise<DischargeFigures> {
  if (!isCalendarDate(key.from) || !isCalendarDate(key.to)) {
    throw badInput('from and to must be ISO dates (YYYY-MM-DD)', { argument: 'from' });
  }
  const start = new Date(`${key.from}T00:00:00Z`).toISOString();
  const end = new Date(Date.parse(`${key.to}T00:00:00Z`) + DAY_MS).toISOString();
  const sent = await notices.sentToBoroughBetween(key.organisation, start, end);
  const assessment = sent.filter((n) => n.kind === 'ASSESSMENT');
  const discharge = sent.filter((n) => n.kind === 'DISCHARGE');

  // The latest discharge notice of each admission holds the date the borough had to meet.
  const planned = new Map<string, { nhsNumber: string; planned: string | null }>();
  for (const n of [...discharge].sort((a, b) => a.sentAt.localeCompare(b.sentAt))) {
    planned.set(n.encounterId, { nhsNumber: n.nhsNumber, planned: n.plannedDischargeDate });
  }
  const nhs = [...new Set([...planned.values()].map((p) => p.nhsNumber))];
  const encounters = nhs.length ? await health.encountersByNhs(nhs, ['status', 'end', 'kind']) : [];
  const byId = new Map(encounters.map((e) => [e.id, e]));
  const delays = [...planned].flatMap(([encounterId, p]) => {
    const days = noticeDelay(p.planned, byId.get(encounterId), now).days ?? 0;
    return days > 0 ? [{ nhsNumber: p.nhsNumber, days }] : [];
  });
  const delayedPeople = people(delays);
  return {
    assessmentNotices: cell(assessment.length, people(assessment)),
    dischargeNotices: cell(discharge.length, people(discharge)),
    peopleDelayed: cell(delayedPeople, delayedPeople),
    delayedDischargeDays: cell(
      delays.reduce((t, d) => t + d.days, 0),
      delayedPeople,
    ),
  };
}
