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
        contextType: '../context#HealthContext',
        scalars: { NhsNumber: 'string' },
        // Resolvers receive store documents; the generated types check they cover the schema.
        mappers: {
          Person: '@care/common#PersonRef',
          HealthEvent: '@care/common#SourceEvent',
          HealthRecord: '../store/port#PatientDoc',
          Condition: '../store/port#ConditionDoc',
          Medication: '../store/port#MedicationDoc',
          Allergy: '../store/port#AllergyDoc',
          Encounter: '../store/port#EncounterDoc',
          ClinicalFlag: '../store/port#FlagDoc',
          Observation: '../store/port#ObservationDoc',
          HealthFlags: '../health-flags#HealthFlagsValue',
          AdmissionSummary: '../health-flags#AdmissionSummaryValue',
          DischargeNotice: '../discharge/types#DischargeNoticeDoc',
          OrganisationReport: '../discharge/report#ReportKey',
        },
        enumsAsTypes: true,
        avoidOptionals: false,
        maybeValue: 'T | null | undefined',
      },
    },
  },
};
export default config;
