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
        contextType: '../context#CouncilContext',
        scalars: { NhsNumber: 'string' },
        // Resolvers receive store documents; the generated types check they cover the schema.
        mappers: {
          Person: '@care/common#PersonRef',
          CouncilEvent: '@care/common#SourceEvent',
          CouncilRecord: '../store/port#ResidentDoc',
          Housing: '../store/port#HousingDoc',
        },
        enumsAsTypes: true,
        avoidOptionals: false,
        maybeValue: 'T | null | undefined',
      },
    },
  },
};
export default config;
