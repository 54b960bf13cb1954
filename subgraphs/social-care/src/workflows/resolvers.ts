import type { Resolvers } from '../generated/resolvers-types';
import { correctionResolvers } from './corrections/resolvers';
import { financialResolvers } from './financial/resolvers';
import type { StatementSeal } from './financial/seal';
import { reportResolvers } from './reports/resolvers';
import type { WorkflowStore } from './store';
import { transferResolvers } from './transfer/resolvers';

/** The workflows' resolvers (issue 6), merged into the service's by resolvers/index.ts. */
export function workflowResolvers(store: WorkflowStore, seal: StatementSeal) {
  const corrections = correctionResolvers(store);
  const financial = financialResolvers(store, seal);
  const transfers = transferResolvers(store);
  const reports = reportResolvers(store);
  return {
    Person: financial.Person,
    SocialCareRecord: { ...corrections.SocialCareRecord, ...transfers.SocialCareRecord },
    Correction: corrections.Correction,
    RecordProvenance: transfers.RecordProvenance,
    OrganisationReport: reports.OrganisationReport,
    Query: { ...corrections.Query, ...reports.Query, ...transfers.Query },
    Mutation: { ...corrections.Mutation, ...financial.Mutation, ...transfers.Mutation },
  } satisfies Resolvers;
}
