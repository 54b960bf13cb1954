import { badInput, tidyText } from '@care/common';
import type { ServiceKind } from '../../store/port';
import type { CorrectableField } from '../types';

export const MAX_REASON = 2000;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/**
 * The allow-list: what a GP can know better than the record (a carer's number, how a name is
 * spelt, the hours actually delivered) and nothing that is a professional judgement of social care.
 */
export const CORRECTABLE: Record<
  CorrectableField,
  { coordinate: string; target: 'contact' | 'service'; label: string }
> = {
  CONTACT_PHONE: { coordinate: 'Contact.phone', target: 'contact', label: 'telephone number' },
  CONTACT_NAME: { coordinate: 'Contact.name', target: 'contact', label: 'name' },
  CARE_PACKAGE_HOURS: {
    coordinate: 'CareService.hoursPerWeek',
    target: 'service',
    label: 'hours per week',
  },
};

/** Services whose planned hours are "the care package hours". */
export const HOURS_KINDS: readonly ServiceKind[] = ['HOME_CARE', 'REABLEMENT'];

const PHONE = /^\+?[0-9][0-9 ()-]*$/;
const NAME = /^\p{L}[\p{L}\p{M} .'’-]*$/u;
const HOURS = /^\d{1,3}(\.\d{1,2})?$/;

/** The proposed value in the form the record keeps it; throws BAD_USER_INPUT naming the argument. */
export function normaliseValue(field: CorrectableField, raw: string): string {
  const value = raw.trim().replace(/\s+/g, ' ');
  const bad = (why: string) => badInput(why, { argument: 'input.proposedValue' });
  switch (field) {
    case 'CONTACT_PHONE': {
      const digits = value.replace(/\D/g, '').length;
      if (!PHONE.test(value) || digits < 7 || digits > 15 || value.length > 25) {
        throw bad('proposedValue must be a telephone number of 7 to 15 digits');
      }
      return value;
    }
    case 'CONTACT_NAME':
      if (value.length < 1 || value.length > 100 || !NAME.test(value)) {
        throw bad('proposedValue must be a name of 1 to 100 letters, spaces, hyphens or apostrophes');
      }
      return value;
    case 'CARE_PACKAGE_HOURS': {
      const hours = Number(value);
      if (!HOURS.test(value) || hours > 168) {
        throw bad('proposedValue must be hours per week from 0 to 168, with at most 2 decimals');
      }
      return String(hours);
    }
  }
}

export interface ProposalRequest {
  nhsNumber: string;
  field: CorrectableField;
  targetId: string;
  proposedValue: string;
  reason: string;
  idempotencyKey: string;
}

export function validateProposal(input: ProposalRequest): ProposalRequest {
  const reason = tidyText(input.reason);
  if (reason.length < 1 || reason.length > MAX_REASON) {
    throw badInput(`reason must be 1 to ${MAX_REASON} characters`, { argument: 'input.reason' });
  }
  if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
    throw badInput('idempotencyKey must be 8 to 100 characters of letters, digits, _ or -', {
      argument: 'input.idempotencyKey',
    });
  }
  const targetId = input.targetId.trim();
  if (targetId.length < 1 || targetId.length > 100) {
    throw badInput('targetId must name a contact or service on the record', { argument: 'input.targetId' });
  }
  return {
    nhsNumber: input.nhsNumber,
    field: input.field,
    targetId,
    proposedValue: normaliseValue(input.field, input.proposedValue),
    reason,
    idempotencyKey: input.idempotencyKey,
  };
}

/** Whether a retry asks for the same correction as the one its key first made. */
export const sameProposal = (
  a: ProposalRequest,
  b: Pick<ProposalRequest, 'nhsNumber' | 'field' | 'targetId' | 'proposedValue' | 'reason'>,
): boolean =>
  a.nhsNumber === b.nhsNumber &&
  a.field === b.field &&
  a.targetId === b.targetId &&
  a.proposedValue === b.proposedValue &&
  a.reason === b.reason;

/** The key that is unique while a correction of one value is open. */
export const openKeyOf = (nhsNumber: string, field: CorrectableField, targetId: string): string =>
  `${nhsNumber}|${field}|${targetId}`;

/** A decision's note: required (1 to 2000 characters) when rejecting, optional when accepting. */
export function decisionReason(raw: string | null | undefined, required: boolean): string | null {
  const why = (raw != null && tidyText(raw)) || null;
  if (why === null && required) {
    throw badInput('A reason is required to reject a correction', { argument: 'reason' });
  }
  if (why !== null && why.length > MAX_REASON) {
    throw badInput(`reason must be at most ${MAX_REASON} characters`, {
      argument: required ? 'reason' : 'note',
    });
  }
  return why;
}
