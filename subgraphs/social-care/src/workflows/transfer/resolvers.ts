import type {
  MutationResolvers,
  QueryResolvers,
  RecordProvenanceResolvers,
  SocialCareRecordResolvers,
} from '../../generated/resolvers-types';
import { boroughRef } from '../../borough';
import type { WorkflowStore } from '../store';
import type { WorkflowClientDoc } from '../types';
import { approveExternal, exportForTransfer, importTransfer, listExternal, refuseExternal } from './transfer';

export function transferResolvers(store: WorkflowStore): {
  SocialCareRecord: Pick<SocialCareRecordResolvers, 'provenance'>;
  RecordProvenance: RecordProvenanceResolvers;
  Query: Pick<QueryResolvers, 'externalTransfers'>;
  Mutation: Pick<
    MutationResolvers,
    | 'exportRecordForTransfer'
    | 'importTransferredRecord'
    | 'approveExternalTransfer'
    | 'refuseExternalTransfer'
  >;
} {
  return {
    SocialCareRecord: {
      provenance: (client: WorkflowClientDoc) => client.provenance ?? null,
    },
    RecordProvenance: {
      fromBorough: (p) => boroughRef(p.fromBorough),
    },
    Query: {
      externalTransfers: (_root, args, ctx) => listExternal(store, ctx, args),
    },
    Mutation: {
      exportRecordForTransfer: (_root, { input }, ctx) => exportForTransfer(store, ctx, input),
      importTransferredRecord: (_root, { input }, ctx) => importTransfer(store, ctx, input),
      approveExternalTransfer: (_root, { transferId }, ctx) => approveExternal(store, ctx, transferId),
      refuseExternalTransfer: (_root, { transferId, reason }, ctx) =>
        refuseExternal(store, ctx, transferId, reason),
    },
  };
}
