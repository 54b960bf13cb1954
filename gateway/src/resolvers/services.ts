import type { CareContext } from '@care/common';
import type { GraphQLSchema } from 'graphql';
import type { AuditLog } from '../audit/log';
import type { LoginService } from '../auth/login';
import type { ConsentService } from '../governance/consent-service';
import type { Execute, MatchDecisions } from '../governance/matching';
import type { PersonIndex } from '../governance/person-index';
import type { PolicyService } from '../governance/policy-service';
import type { GovernanceStore } from '../governance/store';
import type { WindowsService } from '../governance/windows-service';

export interface PreviewOutcome {
  data: string | null;
  denied: { path: string; reason: string; message: string }[];
  errors: string[];
}

/** Everything the governance subgraph's resolvers work through. */
export interface GovernanceServices {
  store: GovernanceStore;
  policy: PolicyService;
  consents: ConsentService;
  windows: WindowsService;
  login: LoginService;
  audit: AuditLog;
  index: PersonIndex;
  matches: MatchDecisions;
  /** Runs an operation through the whole gateway under the given signed context. */
  execute: Execute;
  apiSchema: GraphQLSchema;
  /** Runs a query through the whole gateway as another role, under a draft policy. */
  preview(as: CareContext, query: string, variables: Record<string, unknown>): Promise<PreviewOutcome>;
}
