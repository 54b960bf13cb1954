import type {
  MutationResolvers,
  RecordProvenanceResolvers,
  SocialCareRecordResolvers,
} from '../../generated/resolvers-types';
import { boroughRef } from '../../borough';
import type { WorkflowStore } from '../store';
import type { WorkflowClientDoc } from '../types';
import { exportForTransfer, importTransfer } from './transfer';

export function transferResolvers(store: WorkflowStore): {
  SocialCareRecord: Pick<SocialCareRecordResolvers, 'provenance'>;
  RecordProvenance: RecordProvenanceResolvers;
  Mutation: Pick<MutationResolvers, 'exportRecordForTransfer' | 'importTransferredRecord'>;
} {
  return {
    SocialCareRecord: {
      provenance: (client: WorkflowClientDoc) => client.provenance ?? null,
    },
    RecordProvenance: {
      fromBorough: (p) => boroughRef(p.fromBorough),
    },
    Mutation: {
      exportRecordForTransfer: (_root, { input }, ctx) => exportForTransfer(store, ctx, input),
      importTransferredRecord: (_root, { input }, ctx) => importTransfer(store, ctx, input),
    },
  };
}
