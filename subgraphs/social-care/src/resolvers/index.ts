import { NhsNumberScalar, type DocStore } from '@care/common';
import type { Resolvers } from '../generated/resolvers-types';
import type { SocialCareStore } from '../store/port';
import type { WorkflowStore } from '../workflows/store';
import { workflowResolvers } from '../workflows/resolvers';
import type { StatementSeal } from '../workflows/financial/seal';
import { personReference } from '../workflows/financial/resolvers';
import { caseloadEntry, caseloadQueries } from './caseload';
import { childProtection, personRecord, socialCareRecord } from './record';
import { linkMutations } from './link';
import { personReferrals, referral, referralMutations, referralQueries } from './referrals';
import { socialCareEvent, socialCareEventsResolver } from '../timeline/resolvers';
import { cldResolvers } from '../cld/resolvers';
import { workWaiting } from './work-waiting';

export function socialCareResolvers(
  store: SocialCareStore,
  workflows: WorkflowStore,
  docs: DocStore,
  seal: StatementSeal,
): Resolvers {
  const w = workflowResolvers(workflows, seal);
  const cld = cldResolvers(store, docs);
  return {
    NhsNumber: NhsNumberScalar,
    Person: {
      __resolveReference: personReference,
      ...personRecord,
      ...personReferrals,
      ...w.Person,
      ...socialCareEventsResolver(store),
    },
    SocialCareEvent: socialCareEvent,
    SocialCareRecord: { ...socialCareRecord, ...w.SocialCareRecord },
    Correction: w.Correction,
    RecordProvenance: w.RecordProvenance,
    OrganisationReport: w.OrganisationReport,
    WorkWaiting: workWaiting(store, workflows),
    ChildProtection: childProtection,
    Referral: referral,
    CaseloadEntry: caseloadEntry,
    Query: { ...caseloadQueries(store), ...referralQueries(store), ...w.Query },
    Mutation: { ...referralMutations(store), ...linkMutations(store), ...w.Mutation, ...cld.Mutation },
  };
}
