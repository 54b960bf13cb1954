import type { WorkWaitingResolvers } from '../generated/resolvers-types';
import type { SocialCareStore } from '../store/port';
import { countAwaitingExternal } from '../workflows/transfer/transfer';
import type { WorkflowStore } from '../workflows/store';

/**
 * Social care's counts of what waits for the signed-in user, each over the same scope as the list
 * it counts (their borough's inbox, or for an IG admin every borough's files from outside). The
 * counts are the caller's whatever user the representation names: the key says whose navigation
 * asked, never whose queues to count.
 */
export function workWaiting(store: SocialCareStore, workflows: WorkflowStore): WorkWaitingResolvers {
  return {
    __resolveReference: (_ref, ctx) => ({ user: ctx.care.sub }),
    referralsReceived: (_w, _a, ctx) => store.countReferralsToBorough(ctx.care.org, 'RECEIVED'),
    correctionsProposed: (_w, _a, ctx) => workflows.countCorrections({ borough: ctx.care.org }, 'PROPOSED'),
    externalTransfersAwaiting: (_w, _a, ctx) => countAwaitingExternal(workflows, ctx),
  };
}
