/** Notices a hospital sends a borough about an inpatient (Community Care (Delayed Discharges) Act 2003). */
export type DischargeNoticeKind = 'ASSESSMENT' | 'DISCHARGE';

export interface DischargeNoticeDoc {
  _id: string;
  id: string;
  nhsNumber: string;
  kind: DischargeNoticeKind;
  hospital: string | null;
  hospitalCode: string | null;
  encounterId: string;
  admittedAt: string;
  plannedDischargeDate: string | null;
  notes: string | null;
  sentBy: string;
  sentBySub: string;
  senderOrg: string;
  sentAt: string;
  /**
   * The person's social care borough when the notice was sent, from the governance facts: health
   * knows no boroughs, and the notice must reach the borough responsible at the time.
   */
  borough: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  /** Unique per sending organisation: a retried send finds the first notice by it. */
  idempotencyKey: string;
}
