import type { CaseloadEntryResolvers, QueryResolvers } from '../generated/resolvers-types';
import type { SocialCareStore } from '../store/port';
import { checkLimit } from './limit';

export function caseloadQueries(store: SocialCareStore): Pick<QueryResolvers, 'myCaseload'> {
  return {
    // The caseload is the signed-in worker's own: their staff id is the allocation key.
    myCaseload: (_root, { status, childProtectionOnly, limit }, ctx) =>
      store.caseload(
        ctx.care.sub,
        { status: status ?? null, childProtectionOnly: childProtectionOnly === true },
        checkLimit(limit),
      ),
  };
}

export const caseloadEntry: CaseloadEntryResolvers = {
  // Only the key: the gateway joins the person's health flags from the other subgraphs.
  person: (entry) => ({ nhsNumber: entry.nhsNumber }),
  name: (entry) => `${entry.givenName} ${entry.familyName}`,
  childProtectionFlag: ({ childProtection: cp }) =>
    cp ? cp.onPlan || cp.lookedAfter || cp.unbornChildPlan : false,
  lastActivityAt: (entry) => entry.updatedAt,
};
