/**
 * Social care's timeline events, made from stored documents. Each summary names the fields it
 * puts in words: it is withheld unless the viewer may see them (see @care/common timeline).
 */
import { eventInstant, type SourceEvent } from '@care/common';
import type {
  AssessmentDoc,
  AssessmentKind,
  ChildProtectionCategory,
  ClientDoc,
  ReferralDoc,
  ReferralService,
  ReferralStatus,
  ServiceDoc,
  ServiceKind,
  Urgency,
} from '../store/port';
import type { CorrectableField, CorrectionDoc } from '../workflows/types';

export const SOCIAL_CARE_EVENT_KINDS = [
  'REFERRAL',
  'REFERRAL_STATUS',
  'ASSESSMENT_STARTED',
  'ASSESSMENT_COMPLETED',
  'SERVICE_STARTED',
  'SERVICE_ENDED',
  'CP_PLAN_STARTED',
  'CP_PLAN_ENDED',
  'LOOKED_AFTER',
  'SAFEGUARDING_ALERT',
  'CORRECTION',
] as const;
export type SocialCareEventKind = (typeof SOCIAL_CARE_EVENT_KINDS)[number];

/** Each stream's id prefix: an event's id is its prefix and the stored document's id. */
export const PREFIX = {
  referral: 'referral:',
  referralStatus: 'referral-status:',
  assessmentStarted: 'assessment-started:',
  assessmentCompleted: 'assessment-completed:',
  serviceStarted: 'service-started:',
  serviceEnded: 'service-ended:',
  correctionProposed: 'correction-proposed:',
  correctionDecided: 'correction-decided:',
} as const;

const ASSESSMENT: Record<AssessmentKind, string> = {
  NEEDS: 'Needs assessment',
  CARER: "Carer's assessment",
  FINANCIAL: 'Financial assessment',
  OCCUPATIONAL_THERAPY: 'Occupational therapy assessment',
  CHILD_AND_FAMILY: 'Child and family assessment',
};

const SERVICE: Record<ServiceKind, string> = {
  HOME_CARE: 'Home care',
  ADAPTATION: 'Adaptation',
  EQUIPMENT: 'Equipment',
  DAY_CARE: 'Day care',
  RESIDENTIAL: 'Residential care',
  MEALS: 'Meals at home',
  CARER_SUPPORT: 'Carer support',
  REABLEMENT: 'Reablement',
};

const REFERRED_FOR: Record<ReferralService, string> = {
  HOME_CARE: 'home care',
  ADAPTATION: 'an adaptation',
  ASSESSMENT: 'an assessment',
  CARER_SUPPORT: 'carer support',
};

const URGENCY: Record<Urgency, string> = { URGENT: 'Urgent', SOON: 'Soon', ROUTINE: 'Routine' };

const STATUS: Record<ReferralStatus, string> = {
  RECEIVED: 'received',
  TRIAGED: 'triaged',
  ASSESSMENT_BOOKED: 'assessment booked',
  SERVICE_PROVIDED: 'service provided',
  DECLINED: 'declined',
  CLOSED: 'closed',
};

const CATEGORY: Record<ChildProtectionCategory, string> = {
  NEGLECT: 'neglect',
  PHYSICAL_ABUSE: 'physical abuse',
  EMOTIONAL_ABUSE: 'emotional abuse',
  SEXUAL_ABUSE: 'sexual abuse',
  MULTIPLE: 'more than one category',
};

const CORRECTED: Record<CorrectableField, string> = {
  CONTACT_PHONE: 'telephone number',
  CONTACT_NAME: 'name',
  CARE_PACKAGE_HOURS: 'care package hours',
};

type Made = Omit<SourceEvent, 'nhsNumber' | 'at'>;

/** The event at a stored time, or nothing when the time is missing or not a time. */
function at(nhsNumber: string, time: string | null | undefined, made: Made): SourceEvent[] {
  const instant = eventInstant(time);
  return instant ? [{ nhsNumber, at: instant, ...made }] : [];
}

export function referralMade(nhsNumber: string, r: ReferralDoc): SourceEvent[] {
  return at(nhsNumber, r.createdAt, {
    id: `${PREFIX.referral}${r.id}`,
    kind: 'REFERRAL',
    link: `Person.referrals#${r.id}`,
    summary: {
      text: `${URGENCY[r.urgency]} referral for ${REFERRED_FOR[r.service]}`,
      shows: ['Referral.service', 'Referral.urgency'],
    },
  });
}

/** Every status change: the history's first entry is the referral being made, which REFERRAL shows. */
export function referralStatusChanges(nhsNumber: string, r: ReferralDoc): SourceEvent[] {
  return (r.history ?? []).slice(1).flatMap((h, i) =>
    at(nhsNumber, h.at, {
      id: `${PREFIX.referralStatus}${r.id}:${String(i + 1).padStart(3, '0')}`,
      kind: 'REFERRAL_STATUS',
      link: `Person.referrals#${r.id}`,
      summary: {
        text: `Referral for ${REFERRED_FOR[r.service]} ${STATUS[h.status]}`,
        shows: ['Referral.service', 'ReferralEvent.status'],
      },
      detail: h.reason ? { text: h.reason, shows: ['ReferralEvent.reason'] } : null,
    }),
  );
}

export function assessmentStarted(nhsNumber: string, a: AssessmentDoc): SourceEvent[] {
  return at(nhsNumber, a.startedOn, {
    id: `${PREFIX.assessmentStarted}${a.id}`,
    kind: 'ASSESSMENT_STARTED',
    link: `SocialCareRecord.assessments#${a.id}`,
    summary: { text: `${ASSESSMENT[a.kind]} started`, shows: ['Assessment.kind'] },
  });
}

export function assessmentCompleted(nhsNumber: string, a: AssessmentDoc): SourceEvent[] {
  return at(nhsNumber, a.completedOn, {
    id: `${PREFIX.assessmentCompleted}${a.id}`,
    kind: 'ASSESSMENT_COMPLETED',
    link: `SocialCareRecord.assessments#${a.id}`,
    summary: { text: `${ASSESSMENT[a.kind]} completed`, shows: ['Assessment.kind'] },
    detail: a.outcome ? { text: a.outcome, shows: ['Assessment.outcome'] } : null,
  });
}

function service(nhsNumber: string, s: ServiceDoc, ended: boolean): SourceEvent[] {
  return at(nhsNumber, ended ? s.endDate : s.startDate, {
    id: `${ended ? PREFIX.serviceEnded : PREFIX.serviceStarted}${s.id}`,
    kind: ended ? 'SERVICE_ENDED' : 'SERVICE_STARTED',
    link: `SocialCareRecord.services#${s.id}`,
    summary: { text: `${SERVICE[s.kind]} ${ended ? 'ended' : 'started'}`, shows: ['CareService.kind'] },
    detail: s.description ? { text: s.description, shows: ['CareService.description'] } : null,
  });
}

export const serviceStarted = (nhsNumber: string, s: ServiceDoc) => service(nhsNumber, s, false);
export const serviceEnded = (nhsNumber: string, s: ServiceDoc) => service(nhsNumber, s, true);

/**
 * Events held on the client document: child protection dates and safeguarding alerts. Ids use the
 * dates (a client has one plan at a time), so they survive a transfer to another borough.
 */
export function clientEvents(
  nhsNumber: string,
  client: Pick<ClientDoc, 'childProtection' | 'safeguardingAlerts'>,
): SourceEvent[] {
  const cp = client.childProtection;
  const link = 'SocialCareRecord.childProtection';
  return [
    ...at(nhsNumber, cp?.planStart, {
      id: `cp-plan-started:${cp?.planStart}`,
      kind: 'CP_PLAN_STARTED',
      link,
      summary: { text: 'Child protection plan started', shows: ['ChildProtection.planStart'] },
      detail: cp?.category ? { text: CATEGORY[cp.category], shows: ['ChildProtection.category'] } : null,
    }),
    ...at(nhsNumber, cp?.planEnd, {
      id: `cp-plan-ended:${cp?.planEnd}`,
      kind: 'CP_PLAN_ENDED',
      link,
      summary: { text: 'Child protection plan ended', shows: ['ChildProtection.planEnd'] },
    }),
    ...at(nhsNumber, cp?.lookedAfterSince, {
      id: `looked-after:${cp?.lookedAfterSince}`,
      kind: 'LOOKED_AFTER',
      link,
      summary: {
        text: 'Became looked after by the local authority',
        shows: ['ChildProtection.lookedAfterSince'],
      },
    }),
    ...(client.safeguardingAlerts ?? []).flatMap((g) =>
      at(nhsNumber, g.raisedOn, {
        id: `safeguarding-alert:${g.id}`,
        kind: 'SAFEGUARDING_ALERT',
        link: `SocialCareRecord.safeguardingAlerts#${g.id}`,
        summary: { text: `Safeguarding concern raised: ${g.concern}`, shows: ['SafeguardingAlert.concern'] },
      }),
    ),
  ];
}

/** A correction proposed to the record, and (as a second event) the owning borough's decision on it. */
function correction(nhsNumber: string, c: CorrectionDoc, decided: boolean): SourceEvent[] {
  const what = `${CORRECTED[c.field]} of ${c.targetLabel}`;
  const outcome = c.status === 'ACCEPTED' ? 'accepted' : 'rejected';
  return at(nhsNumber, decided ? c.decidedAt : c.proposedAt, {
    id: `${decided ? PREFIX.correctionDecided : PREFIX.correctionProposed}${c.id}`,
    kind: 'CORRECTION',
    link: `Correction#${c.id}`,
    summary: decided
      ? {
          text: `Correction to the ${what} ${outcome}`,
          shows: ['Correction.field', 'Correction.targetLabel', 'Correction.status'],
        }
      : { text: `Correction proposed to the ${what}`, shows: ['Correction.field', 'Correction.targetLabel'] },
  });
}

export const correctionProposed = (nhsNumber: string, c: CorrectionDoc) => correction(nhsNumber, c, false);
export const correctionDecided = (nhsNumber: string, c: CorrectionDoc) => correction(nhsNumber, c, true);
