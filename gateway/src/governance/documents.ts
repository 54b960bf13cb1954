import type {
  ConsentState,
  FieldPolicy,
  PersonRegistration,
  PolicyDocument,
  RecordSource,
  Role,
} from '@care/common';

/** The governance store's documents: identity, policy, person index, consent, windows, alerts. */

export interface UserDoc {
  _id: string;
  username: string;
  name: string;
  role: Role;
  org: string;
  orgName: string;
  team: string | null;
  phone: string | null;
  /** `scrypt$N$r$p$salt$hash`, never the password. */
  passwordHash: string;
  totpSecret: string;
  totpPeriod: number;
  failedAttempts: number;
  lockedUntil: string | null;
  /** The last TOTP time step accepted, so a code cannot be used twice. */
  lastTotpStep: number | null;
}

export interface HeadDoc {
  _id: 'head';
  policyVersion: number;
  factsEpoch: number;
}

/** Stores take no dots in field names, so a policy is stored as a list of rules, not a map by coordinate. */
export interface StoredRule extends FieldPolicy {
  coordinate: string;
}

export const toRules = (doc: PolicyDocument): StoredRule[] =>
  Object.entries(doc.fields).map(([coordinate, policy]) => ({ coordinate, ...policy }));

export const fromRules = (rules: StoredRule[]): PolicyDocument => ({
  fields: Object.fromEntries(rules.map(({ coordinate, ...policy }) => [coordinate, policy])),
});

export interface PolicyVersionRecord {
  _id: string;
  version: number;
  rules: StoredRule[];
  createdAt: string;
  createdBy: string;
  comment: string;
  basedOn: number | null;
  rollbackOf: number | null;
}

/** A policy version as the service hands it out: the document rebuilt from its rules. */
export type PolicyVersionDoc = Omit<PolicyVersionRecord, 'rules'> & { document: PolicyDocument };

export interface DraftDoc {
  _id: string;
  rules: StoredRule[];
  createdBy: string;
  expiresAt: string;
}

export type Source = RecordSource;

/** The person index: NHS number to local ids and the facts relationships are decided on. */
export interface PersonIndexDoc {
  _id: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string | null;
  gpPractice: string | null;
  borough: string | null;
  councilArea: string | null;
  socialCareClientId: string | null;
  councilId: string | null;
  /** Who social care has allocated: told when unscheduled care views a child protection flag. */
  allocatedWorker: string | null;
  knownTo: Source[];
  /** Folded name keys for forgiving search. */
  nameKeys: string[];
  /** The record whose link brought the person into the index (`SOURCE:localId`), if one did. */
  createdFor?: string;
}

export interface ConsentEvent {
  state: ConsentState;
  at: string;
  by: string;
  byOrg: string;
  note: string | null;
}

export interface ConsentDoc {
  _id: string;
  nhsNumber: string;
  flow: string;
  state: ConsentState;
  method: 'GP_COLLECTED' | 'PAPER_FORM' | 'VERBAL' | 'ELECTRONIC';
  recordedBy: string;
  recordedByOrg: string;
  recordedAt: string;
  confirmBy: string | null;
  expiresAt: string | null;
  history: ConsentEvent[];
}

export interface WindowDoc {
  _id: string;
  kind: 'presence' | 'break_glass';
  nhsNumber: string;
  /** User id for break-glass, organisation for a declared presence. */
  holder: string;
  openedBy: string;
  openedByRole: Role;
  openedByOrg: string;
  openedAt: string;
  until: string;
  reason: string;
  detail: string | null;
  location: string | null;
}

export interface AlertReview {
  action: 'CLOSE' | 'FLAG' | 'ESCALATE';
  note: string;
  by: string;
  at: string;
}

export interface BreakGlassAlertDoc {
  _id: string;
  windowId: string;
  nhsNumber: string;
  user: string;
  userName: string;
  role: Role;
  org: string;
  reason: string;
  detail: string | null;
  at: string;
  until: string;
  status: 'OPEN' | 'CLOSED' | 'FLAGGED' | 'ESCALATED';
  reviews: AlertReview[];
}

export interface CpNotificationDoc {
  _id: string;
  nhsNumber: string;
  /** The allocated social worker, or null when the borough's duty team is told. */
  toWorker: string | null;
  toBorough: string | null;
  viewedBy: string;
  viewedByName: string;
  viewerRole: Role;
  viewerOrg: string;
  location: string | null;
  at: string;
  fields: string[];
}

export interface MatchCandidate {
  nhsNumber: string;
  score: number;
}

/** A local record held for matching: nothing is linked until an admin confirms. */
export interface MatchDoc {
  _id: string;
  /** Source and local id: one open entry per local record. */
  key: string;
  registration: PersonRegistration;
  reason: string;
  candidates: MatchCandidate[];
  status: 'OPEN' | 'CONFIRMED' | 'REJECTED';
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  linkedTo: string | null;
}
