import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed operations for the front end, from the client-facing schema printed by scripts/print-api-schema.ts. */
const config: CodegenConfig = {
  schema: 'src/generated/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/generated/**'],
  ignoreNoDocuments: true,
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { NhsNumber: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        avoidOptionals: { field: true, inputValue: false },
        defaultScalarType: 'unknown',
      },
    },
  },
};

export default config;
