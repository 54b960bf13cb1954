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
  clientId: string;
  importedAt: string;
  importedBy: string;
  sectionCounts: TransferCountsValue;
}
