/** What the transfer mutations return. */
export interface TransferFileValue {
  transferId: string;
  nhsNumber: string;
  fromBorough: string;
  toBorough: string;
  exportedAt: string;
  schemaVersion: string;
  xml: string;
  fhirBundle: string;
  status: 'EXPORTED' | 'IMPORTED';
}

export interface TransferCountsValue {
  assessments: number;
  services: number;
  caseNotes: number;
  contacts: number;
  safeguardingAlerts: number;
}

export interface TransferReceiptValue {
  transferId: string;
  nhsNumber: string;
  fromBorough: string;
  toBorough: string;
  status: 'IMPORTED' | 'AWAITING_APPROVAL';
  clientId: string | null;
  importedAt: string | null;
  importedBy: string;
  approvedBy: string | null;
  sectionCounts: TransferCountsValue;
}

/** A record received from outside the service, as an IG admin decides on it. */
export interface ExternalTransferValue {
  transferId: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  fromBorough: string;
  toBorough: string;
  exportedAt: string;
  exportedBy: string;
  submittedAt: string;
  submittedBy: string;
  status: 'AWAITING_APPROVAL' | 'IMPORTING' | 'IMPORTED' | 'REFUSED';
  decidedAt: string | null;
  decidedBy: string | null;
  refusalReason: string | null;
  clientId: string | null;
  sectionCounts: TransferCountsValue;
}
