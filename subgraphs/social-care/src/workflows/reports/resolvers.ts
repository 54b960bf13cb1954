import { orgName } from '@care/common';
import type { OrganisationReportResolvers, QueryResolvers } from '../../generated/resolvers-types';
import type { WorkflowStore } from '../store';
import { reportKey } from './period';
import { socialCareFigures, type SocialCareFigures } from './report';
import type { OrganisationReportValue } from './types';

export function reportResolvers(store: WorkflowStore): {
  OrganisationReport: OrganisationReportResolvers;
  Query: Pick<QueryResolvers, 'organisationReport'>;
} {
  // One computation per report object, however many of its figures the query asks for.
  const computed = new WeakMap<OrganisationReportValue, Promise<SocialCareFigures>>();
  const figures = (r: OrganisationReportValue) => {
    let f = computed.get(r);
    if (!f) computed.set(r, (f = socialCareFigures(store, r)));
    return f;
  };
  const figure =
    <K extends keyof SocialCareFigures>(k: K) =>
    async (r: OrganisationReportValue) =>
      (await figures(r))[k];

  return {
    OrganisationReport: {
      __resolveReference: (ref) => reportKey(ref.organisation, ref.from, ref.to),
      organisationName: (r) => orgName(r.organisation),
      referralsReceived: figure('referralsReceived'),
      referralsByStatus: figure('referralsByStatus'),
      medianDaysReferralToAssessment: figure('medianDaysReferralToAssessment'),
      correctionsAccepted: figure('correctionsAccepted'),
      correctionsRejected: figure('correctionsRejected'),
      recordsTransferredIn: figure('recordsTransferredIn'),
      recordsTransferredOut: figure('recordsTransferredOut'),
    },
    Query: {
      // A manager's organisation is their borough; they may look at any borough's aggregates.
      organisationReport: (_root, { organisation, from, to }, ctx) =>
        reportKey(organisation ?? ctx.care.org, from, to),
    },
  };
}
