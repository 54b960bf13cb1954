import { NhsNumberScalar } from '@care/common';
import type { Resolvers } from '../generated/resolvers-types';
import type { SocialCareStore } from '../store/port';
import { caseloadEntry, caseloadQueries } from './caseload';
import { childProtection, personRecord, socialCareRecord } from './record';
import { linkMutations } from './link';
import { personReferrals, referral, referralMutations, referralQueries } from './referrals';

export function socialCareResolvers(store: SocialCareStore): Resolvers {
  return {
    NhsNumber: NhsNumberScalar,
    Person: {
      __resolveReference: (ref) => ({ nhsNumber: ref.nhsNumber }),
      ...personRecord,
      ...personReferrals,
    },
    SocialCareRecord: socialCareRecord,
    ChildProtection: childProtection,
    Referral: referral,
    CaseloadEntry: caseloadEntry,
    Query: { ...caseloadQueries(store), ...referralQueries(store) },
    Mutation: { ...referralMutations(store), ...linkMutations(store) },
  };
}
