import type {
  MutationResolvers,
  QueryResolvers,
  RecordProvenanceResolvers,
  SocialCareRecordResolvers,
  WorkWaitingResolvers,
} from '../../generated/resolvers-types';
import { boroughRef } from '../../borough';
import type { WorkflowStore } from '../store';
import type { WorkflowClientDoc } from '../types';
import {
  approveExternal,
  countAwaitingExternal,
  exportForTransfer,
  importTransfer,
  listExternal,
  refuseExternal,
} from './transfer';

export function transferResolvers(store: WorkflowStore): {
  SocialCareRecord: Pick<SocialCareRecordResolvers, 'provenance'>;
  RecordProvenance: RecordProvenanceResolvers;
  WorkWaiting: WorkWaitingResolvers;
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
    // The count is the caller's whatever user the representation names (see WorkWaiting).
    WorkWaiting: {
      __resolveReference: (_ref, ctx) => ({ user: ctx.care.sub }),
      externalTransfersAwaiting: (_w, _a, ctx) => countAwaitingExternal(store, ctx),
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
