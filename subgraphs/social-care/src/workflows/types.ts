/**
 * Documents of the workflows (issue 6) as stored in social care: corrections, financial
 * assessments and record transfers. Each carries the person's NHS number so the shield can tie it
 * to the person.
 */
import type { AssessmentDoc, CaseNoteDoc, ClientDoc, ServiceDoc } from '../store/port';

export type CorrectableField = 'CONTACT_PHONE' | 'CONTACT_NAME' | 'CARE_PACKAGE_HOURS';
/** APPLYING is internal: an accept in flight. It reads as PROPOSED (nothing has been decided yet). */
export type CorrectionStatus = 'PROPOSED' | 'APPLYING' | 'ACCEPTED' | 'REJECTED';

export interface CorrectionDoc {
  _id: string;
  id: string;
  nhsNumber: string;
  clientId: string;
  /** ONS code of the borough that owns the record and decides. */
  borough: string;
  field: CorrectableField;
  /** Schema coordinate of the value, as the audit trail records reads of it. */
  coordinate: string;
  targetId: string;
  targetLabel: string;
  oldValue: string | null;
  proposedValue: string;
  reason: string;
  status: CorrectionStatus;
  proposedBy: string;
  proposedBySub: string;
  proposerOrg: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedBySub: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** Set while the correction is open, so two open proposals for one value cannot coexist. */
  openKey?: string;
  /** Unique per proposer organisation: a retried proposal finds the first by it. */
  idempotencyKey: string;
  updatedAt: string;
}

/** Kept on the corrected client or service document: the record carries its own history. */
export interface CorrectionProvenance {
  correctionId: string;
  field: CorrectableField;
  targetId: string;
  oldValue: string | null;
  newValue: string;
  proposedBy: string;
  proposerOrg: string;
  acceptedBy: string;
  acceptedAt: string;
}

export interface IncomeBasisDoc {
  source: 'council_housing_benefit';
  claimReference: string;
  periodStart: string;
  periodEnd: string;
  sources: { kind: string; weeklyAmount: number }[];
  totalWeekly: number;
  capital: number | null;
  verifiedOn: string | null;
}

export interface FinancialAssessmentDoc {
  _id: string;
  id: string;
  nhsNumber: string;
  clientId: string | null;
  income: IncomeBasisDoc;
  weeklyContribution: number;
  outcome: string;
  assessedBy: string;
  assessedBySub: string;
  assessedByOrg: string;
  assessedAt: string;
  idempotencyKey: string;
}

/** EXPORTED by the sender, IMPORTING while the receiver applies it, IMPORTED when done. */
export type TransferState = 'EXPORTED' | 'IMPORTING' | 'IMPORTED' | 'AWAITING_APPROVAL' | 'REFUSED';

/** A file from outside the service, held until an IG admin decides: whom it names, what it carries. */
export interface HeldFileDoc {
  /** The file itself, kept only until the decision (then discarded: an approved record holds its content). */
  xml: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  counts: {
    assessments: number;
    services: number;
    caseNotes: number;
    contacts: number;
    safeguardingAlerts: number;
  };
  submittedAt: string;
  /** The submitter's name, and their user id (whoever approves must be someone else). */
  submittedBy: string;
  submittedBySub: string;
}

export interface TransferDoc {
  _id: string;
  id: string;
  nhsNumber: string;
  fromBorough: string;
  toBorough: string;
  fromClientId: string | null;
  status: TransferState;
  exportedAt: string;
  exportedBy: string;
  /** SHA-256 of the exported file (line endings normalised): an altered file is refused. */
  digest: string | null;
  /** True for a file from a borough outside this service: there was no export here to match. */
  external: boolean;
  importedAt: string | null;
  importedBy: string | null;
  /** The client id of the record the import writes: set when it claims the transfer. */
  newClientId: string | null;
  /**
   * Marked imported, the person index may not have been told yet (or may have moved before a
   * failure): whoever next takes the person's lock tells it again, or points it back.
   */
  indexPending?: boolean;
  updatedAt: string;
  /** A file from outside the service, as received, until an IG admin approves or refuses it. */
  held?: HeldFileDoc;
  decidedAt?: string | null;
  decidedBy?: string | null;
  refusalReason?: string | null;
}

/** The sending borough's record as it was, kept when a transfer replaces it (retention, rollback). */
export interface TransferArchiveDoc {
  _id: string;
  transferId: string;
  nhsNumber: string;
  borough: string;
  archivedAt: string;
  /** The new client id of the import that wrote it: a stalled import removes only its own. */
  claim?: string;
  client: ClientDoc;
  assessments: AssessmentDoc[];
  services: ServiceDoc[];
  caseNotes: CaseNoteDoc[];
}

export interface ProvenanceDoc {
  transferId: string;
  fromBorough: string;
  fromClientId: string | null;
  exportedAt: string;
  exportedBy: string;
  importedAt: string;
  importedBy: string;
  /** The IG admin who approved a file from outside the service. */
  approvedBy?: string;
}

/** A client document as workflows read and write it: with what they add to it. */
export type WorkflowClientDoc = ClientDoc & {
  provenance?: ProvenanceDoc | null;
  corrections?: CorrectionProvenance[];
};

export type WorkflowServiceDoc = ServiceDoc & { corrections?: CorrectionProvenance[] };
