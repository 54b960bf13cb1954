import type { ReferralStatus } from '../../store/port';
import type { WorkflowStore } from '../store';
import { periodOf } from './period';
import { cell, group, median, tally, type ReportCell } from '@care/common';
import type { OrganisationReportValue } from './types';

const DAY_MS = 86_400_000;
const STATUSES: ReferralStatus[] = [
  'RECEIVED',
  'TRIAGED',
  'ASSESSMENT_BOOKED',
  'SERVICE_PROVIDED',
  'DECLINED',
  'CLOSED',
];

export interface SocialCareFigures {
  referralsReceived: ReportCell;
  referralsByStatus: { status: ReferralStatus; count: ReportCell }[];
  medianDaysReferralToAssessment: { days: number | null; suppressed: boolean };
  correctionsAccepted: ReportCell;
  correctionsRejected: ReportCell;
  recordsTransferredIn: ReportCell;
  recordsTransferredOut: ReportCell;
}

/** Social care's figures for one borough and period, from a handful of reads; no personal data leaves. */
export async function socialCareFigures(
  store: WorkflowStore,
  key: OrganisationReportValue,
): Promise<SocialCareFigures> {
  const { start, end } = periodOf(key);
  const [referrals, corrections, transfersIn, transfersOut] = await Promise.all([
    store.referralsReceivedBetween(key.organisation, start, end),
    store.correctionsDecidedBetween(key.organisation, start, end),
    store.transfersBetween('toBorough', key.organisation, start, end),
    store.transfersBetween('fromBorough', key.organisation, start, end),
  ]);
  const received = cell(tally(referrals));
  const byStatus = group(
    STATUSES.map((s) => tally(referrals.filter((r) => r.status === s))),
    !received.suppressed,
  );
  // Days from being received to the assessment being booked, for those that got that far.
  const booked = referrals.flatMap((r) => {
    const event = r.history.find((e) => e.status === 'ASSESSMENT_BOOKED');
    return event
      ? [{ nhsNumber: r.nhsNumber, days: (Date.parse(event.at) - Date.parse(r.createdAt)) / DAY_MS }]
      : [];
  });
  return {
    referralsReceived: received,
    referralsByStatus: STATUSES.map((status, i) => ({ status, count: byStatus[i] })),
    medianDaysReferralToAssessment: median(
      booked.map((b) => b.days),
      tally(booked).people,
    ),
    correctionsAccepted: cell(tally(corrections.filter((c) => c.status === 'ACCEPTED'))),
    correctionsRejected: cell(tally(corrections.filter((c) => c.status === 'REJECTED'))),
    recordsTransferredIn: cell(tally(transfersIn)),
    recordsTransferredOut: cell(tally(transfersOut)),
  };
}
