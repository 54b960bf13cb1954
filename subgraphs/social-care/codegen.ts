import type { CodegenConfig } from '@graphql-codegen/cli';

/** Resolver types generated from the contract, so resolvers and schema cannot drift. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/generated/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useIndexSignature: true,
        contextType: '../context#SocialCareContext',
        scalars: { NhsNumber: 'string' },
        // Resolvers receive store documents; the generated types check they cover the schema.
        mappers: {
          Person: '@care/common#PersonRef',
          SocialCareEvent: '@care/common#SourceEvent',
          SocialCareRecord: '../store/port#ClientDoc',
          Assessment: '../store/port#AssessmentDoc',
          CareService: '../store/port#ServiceDoc',
          CaseNote: '../store/port#CaseNoteDoc',
          ChildProtection: '../store/port#ChildProtectionView',
          Referral: '../store/port#ReferralDoc',
          CaseloadEntry: '../store/port#CaseloadDoc',
          Correction: '../workflows/types#CorrectionDoc',
          FinancialAssessment: '../workflows/types#FinancialAssessmentDoc',
          IncomeBasis: '../workflows/types#IncomeBasisDoc',
          RecordProvenance: '../workflows/types#ProvenanceDoc',
          TransferFile: '../workflows/transfer/types#TransferFileValue',
          TransferReceipt: '../workflows/transfer/types#TransferReceiptValue',
          ExternalTransfer: '../workflows/transfer/types#ExternalTransferValue',
          OrganisationReport: '../workflows/reports/types#OrganisationReportValue',
        },
        enumsAsTypes: true,
        avoidOptionals: false,
        maybeValue: 'T | null | undefined',
      },
    },
  },
};
export default config;
