import type { TimeSlice } from '@care/common';
import type { CorrectionDoc } from '../workflows/types';

/**
 * The local authority's social care records as stored. A client has one document; assessments,
 * services and case notes are separate collections (they grow), each document carrying the
 * client's NHS number so the shield can tie it to the person.
 */
export type CaseStatus = 'AWAITING_ALLOCATION' | 'ALLOCATED' | 'REVIEW' | 'CLOSED';
export type AssessmentKind = 'NEEDS' | 'CARER' | 'FINANCIAL' | 'OCCUPATIONAL_THERAPY' | 'CHILD_AND_FAMILY';
export type ServiceKind =
  | 'HOME_CARE'
  | 'ADAPTATION'
  | 'EQUIPMENT'
  | 'DAY_CARE'
  | 'RESIDENTIAL'
  | 'MEALS'
  | 'CARER_SUPPORT'
  | 'REABLEMENT';
export type ChildProtectionCategory =
  'NEGLECT' | 'PHYSICAL_ABUSE' | 'EMOTIONAL_ABUSE' | 'SEXUAL_ABUSE' | 'MULTIPLE';
export type ReferralService = 'HOME_CARE' | 'ADAPTATION' | 'ASSESSMENT' | 'CARER_SUPPORT';
export type Urgency = 'URGENT' | 'SOON' | 'ROUTINE';
export type ReferralStatus =
  'RECEIVED' | 'TRIAGED' | 'ASSESSMENT_BOOKED' | 'SERVICE_PROVIDED' | 'DECLINED' | 'CLOSED';

export interface WorkerDoc {
  id: string;
  name: string;
  team: string | null;
  phone: string | null;
  email: string | null;
}

export interface ChildProtectionDoc {
  onPlan: boolean;
  category: ChildProtectionCategory | null;
  planStart: string | null;
  planEnd: string | null;
  lookedAfter: boolean;
  lookedAfterSince: string | null;
  unbornChildPlan: boolean;
  expectedDeliveryDate: string | null;
}

export interface ContactDoc {
  id: string;
  name: string;
  relationship: string;
  phone: string | null;
  isCarer: boolean;
  isEmergencyContact: boolean;
}

export interface SafeguardingAlertDoc {
  id: string;
  raisedOn: string;
  concern: string;
  status: 'open' | 'closed';
}

export interface ClientDoc {
  /** The client id. */
  _id: string;
  clientId: string;
  /** Null for a client whose NHS number was never captured: held for matching, never guessed. */
  nhsNumber: string | null;
  /** ONS code of the responsible borough. */
  borough: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  caseStatus: CaseStatus;
  allocatedWorker: WorkerDoc | null;
  /** Null when the client has never had child protection involvement. */
  childProtection: ChildProtectionDoc | null;
  contacts: ContactDoc[];
  safeguardingAlerts: SafeguardingAlertDoc[];
  /** Last change to the record (ISO 8601); the caseload orders by it. */
  updatedAt: string;
}

/** A caseload row: a client that has an NHS number, so the gateway can join their health flags. */
export type CaseloadDoc = Pick<
  ClientDoc,
  | '_id'
  | 'clientId'
  | 'givenName'
  | 'familyName'
  | 'dateOfBirth'
  | 'caseStatus'
  | 'childProtection'
  | 'updatedAt'
> & { nhsNumber: string };

/** Child protection as resolvers pass it on: with what `contact` and `responsibleBorough` need. */
export type ChildProtectionView = ChildProtectionDoc & {
  nhsNumber: string | null;
  borough: string;
  allocatedWorker: WorkerDoc | null;
};

interface ClientOwned {
  _id: string;
  id: string;
  clientId: string;
  nhsNumber: string | null;
}

export interface AssessmentDoc extends ClientOwned {
  kind: AssessmentKind;
  status: 'booked' | 'in_progress' | 'complete';
  startedOn: string;
  completedOn: string | null;
  outcome: string | null;
}

export interface ServiceDoc extends ClientOwned {
  kind: ServiceKind;
  description: string;
  provider: string | null;
  startDate: string;
  endDate: string | null;
  hoursPerWeek: number | null;
  weeklyCost: number | null;
  status: 'active' | 'planned' | 'ended';
}

export interface CaseNoteDoc extends ClientOwned {
  writtenAt: string;
  author: string;
  text: string;
}

export interface ReferralEventDoc {
  status: ReferralStatus;
  reason: string | null;
  by: string;
  at: string;
}

export interface ReferralDoc {
  _id: string;
  id: string;
  nhsNumber: string;
  service: ReferralService;
  urgency: Urgency;
  reason: string;
  consentReference: string | null;
  referredBy: string;
  referrerOrg: string;
  /** ONS code of the borough it was sent to. */
  borough: string;
  status: ReferralStatus;
  history: ReferralEventDoc[];
  createdAt: string;
  updatedAt: string;
  /** Unique per referrer organisation: a retried create finds the first referral by it. */
  idempotencyKey: string;
}

export interface CaseloadFilter {
  status: CaseStatus | null;
  childProtectionOnly: boolean;
}

/** What the social care subgraph needs from its store. Reads are bulk: one call for many people. */
export interface SocialCareStore {
  /** Clients with these NHS numbers, projected to `fields` (plus their keys). */
  clientsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ClientDoc[]>;
  /** Assessments of these people, newest first. */
  assessmentsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<AssessmentDoc[]>;
  /** Services of these people, newest first. */
  servicesByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ServiceDoc[]>;
  /** Case notes about these people, newest first. */
  caseNotesByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<CaseNoteDoc[]>;
  /** A worker's allocated clients that have an NHS number, most recent activity first. */
  caseload(workerId: string, filter: CaseloadFilter, limit: number): Promise<CaseloadDoc[]>;

  /** Referrals about these people, newest first. */
  referralsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ReferralDoc[]>;
  /** Referrals sent to a borough, newest first. */
  referralsToBorough(borough: string, status: ReferralStatus | null, limit: number): Promise<ReferralDoc[]>;
  /** How many referrals to a borough stand at this status. */
  countReferralsToBorough(borough: string, status: ReferralStatus): Promise<number>;
  /** Referrals made by an organisation, newest first. */
  referralsFrom(referrerOrg: string, limit: number): Promise<ReferralDoc[]>;
  referralById(id: string): Promise<ReferralDoc | null>;
  referralByIdempotencyKey(referrerOrg: string, idempotencyKey: string): Promise<ReferralDoc | null>;
  /** Throws DuplicateKeyError when the referrer already used the idempotency key. */
  insertReferral(doc: ReferralDoc): Promise<void>;
  /**
   * Moves a referral from `from` to `event.status`, appending the event. Returns false when the
   * referral is no longer in `from` (someone else moved it first): nothing is changed then.
   */
  transitionReferral(id: string, from: ReferralStatus, event: ReferralEventDoc): Promise<boolean>;

  /**
   * Writes a confirmed NHS number onto a client held for matching, and onto the client's other
   * records. Returns false when no such client exists or it already carries another NHS number.
   */
  linkClient(clientId: string, nhsNumber: string): Promise<boolean>;

  /** Inserts or replaces documents (seeding, imports). */
  putClients(docs: ClientDoc[]): Promise<void>;
  putAssessments(docs: AssessmentDoc[]): Promise<void>;
  putServices(docs: ServiceDoc[]): Promise<void>;
  putCaseNotes(docs: CaseNoteDoc[]): Promise<void>;
  putReferrals(docs: ReferralDoc[]): Promise<void>;
  countClients(): Promise<number>;
  ensureIndexes(): Promise<void>;

  // Timeline (issue 5): one person's entries in a time slice, newest first, one read each.
  /** Assessments whose `field` falls in the slice, by (field, id) descending, at most `slice.limit`. */
  assessmentsInSlice(
    nhsNumber: string,
    field: 'startedOn' | 'completedOn',
    slice: TimeSlice,
  ): Promise<AssessmentDoc[]>;
  /** Services whose `field` falls in the slice, by (field, id) descending, at most `slice.limit`. */
  servicesInSlice(nhsNumber: string, field: 'startDate' | 'endDate', slice: TimeSlice): Promise<ServiceDoc[]>;
  /** Referrals made in the slice, by (createdAt, id) descending, at most `slice.limit`. */
  referralsCreatedInSlice(nhsNumber: string, slice: TimeSlice): Promise<ReferralDoc[]>;
  /**
   * Referrals that may have a status change in the slice: enough of them for the newest
   * `slice.limit` changes (the caller picks the changes out of their histories). Relies on
   * `updatedAt` being the time of the referral's last history entry. Two or three reads.
   */
  referralsChangedInSlice(nhsNumber: string, slice: TimeSlice): Promise<ReferralDoc[]>;
  /** Corrections proposed (or, for decidedAt, accepted or rejected) in the slice; at most `slice.limit`. */
  correctionsInSlice(
    nhsNumber: string,
    field: 'proposedAt' | 'decidedAt',
    slice: TimeSlice,
  ): Promise<CorrectionDoc[]>;
  /** Adds the (NHS number, time) indexes the slices read by; part of ensureIndexes. */
  ensureTimelineIndexes(): Promise<void>;
}
