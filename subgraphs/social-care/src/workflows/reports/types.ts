/** An organisation report as resolvers pass it: its key; each figure is computed when asked for. */
export interface OrganisationReportValue {
  organisation: string;
  from: string;
  to: string;
}
