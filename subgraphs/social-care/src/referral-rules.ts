import { badInput, tidyText } from '@care/common';
import type { ReferralService, ReferralStatus, Urgency } from './store/port';

export const MAX_REASON = 2000;
const MAX_CONSENT_REFERENCE = 100;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/** The JET workflow: where a referral may go next from each status. */
export const NEXT_STATUSES: Record<ReferralStatus, readonly ReferralStatus[]> = {
  RECEIVED: ['TRIAGED', 'DECLINED'],
  TRIAGED: ['ASSESSMENT_BOOKED', 'DECLINED', 'CLOSED'],
  ASSESSMENT_BOOKED: ['SERVICE_PROVIDED', 'DECLINED', 'CLOSED'],
  SERVICE_PROVIDED: ['CLOSED'],
  DECLINED: [],
  CLOSED: [],
};

/** Ending a referral needs a reason the referrer can read. */
const REASON_REQUIRED: readonly ReferralStatus[] = ['DECLINED', 'CLOSED'];

export interface ReferralRequest {
  nhsNumber: string;
  service: ReferralService;
  urgency: Urgency;
  reason: string;
  consentReference: string | null;
  idempotencyKey: string;
}

/** Checks and normalises a new referral; throws BAD_USER_INPUT naming the argument at fault. */
export function validateReferral(input: {
  nhsNumber: string;
  service: ReferralService;
  urgency: Urgency;
  reason: string;
  consentReference?: string | null;
  idempotencyKey: string;
}): ReferralRequest {
  const reason = tidyText(input.reason);
  if (reason.length < 1 || reason.length > MAX_REASON) {
    throw badInput(`reason must be 1 to ${MAX_REASON} characters`, { argument: 'input.reason' });
  }
  if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
    throw badInput('idempotencyKey must be 8 to 100 characters of letters, digits, _ or -', {
      argument: 'input.idempotencyKey',
    });
  }
  const consent = (input.consentReference != null && tidyText(input.consentReference)) || null;
  if (consent !== null && consent.length > MAX_CONSENT_REFERENCE) {
    throw badInput(`consentReference must be at most ${MAX_CONSENT_REFERENCE} characters`, {
      argument: 'input.consentReference',
    });
  }
  return {
    nhsNumber: input.nhsNumber,
    service: input.service,
    urgency: input.urgency,
    reason,
    consentReference: consent,
    idempotencyKey: input.idempotencyKey,
  };
}

/** Whether a retried request asks for the same referral as the one its idempotency key made. */
export function samePayload(
  a: ReferralRequest,
  b: Pick<ReferralRequest, 'nhsNumber' | 'service' | 'urgency' | 'reason' | 'consentReference'>,
): boolean {
  return (
    a.nhsNumber === b.nhsNumber &&
    a.service === b.service &&
    a.urgency === b.urgency &&
    a.reason === b.reason &&
    a.consentReference === b.consentReference
  );
}

/** Checks a status change; returns the trimmed reason (null when none was given). */
export function validateTransition(
  from: ReferralStatus,
  to: ReferralStatus,
  reason: string | null | undefined,
): string | null {
  const allowed = NEXT_STATUSES[from];
  if (!allowed.includes(to)) {
    const next = allowed.length > 0 ? `allowed next: ${allowed.join(', ')}` : 'it is final';
    throw badInput(`A ${from} referral cannot move to ${to} (${next})`, {
      argument: 'status',
      allowed: [...allowed],
    });
  }
  const why = (reason != null && tidyText(reason)) || null;
  if (why !== null && why.length > MAX_REASON) {
    throw badInput(`reason must be at most ${MAX_REASON} characters`, { argument: 'reason' });
  }
  if (why === null && REASON_REQUIRED.includes(to)) {
    throw badInput(`A reason is required to move a referral to ${to}`, { argument: 'reason' });
  }
  return why;
}
