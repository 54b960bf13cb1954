import type { CodegenConfig } from '@graphql-codegen/cli';

/** Resolver types for the governance subgraph, generated from its contract. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/generated/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useIndexSignature: true,
        contextType: '../resolvers/context#GovernanceContext',
        scalars: { NhsNumber: 'string' },
        enumsAsTypes: true,
        maybeValue: 'T | null | undefined',
        mappers: {
          Person: '@care/common#PersonRef',
          User: '../governance/documents#UserDoc',
          Consent: '../governance/documents#ConsentDoc',
          BreakGlassUse: '../governance/documents#BreakGlassAlertDoc',
          CpNotification: '../governance/documents#CpNotificationDoc',
          PolicyVersion: '../governance/documents#PolicyVersionDoc',
          AuditRecord: '../audit/record#AuditDoc',
          MatchEntry: '../governance/documents#MatchDoc',
          PolicyChange: '../governance/policy-service#PolicyDiffEntry',
          PolicyMatrix: '../resolvers/policy-matrix#PolicyMatrixView',
        },
      },
    },
  },
};
export default config;
