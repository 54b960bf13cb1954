/** Jest runs TypeScript through SWC (fast, no type-check: `npm run typecheck` does that). */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
];

const project = (displayName, roots, extra = {}) => ({
  displayName,
  roots,
  testEnvironment: 'node',
  // jose ships ESM only; SWC turns it into CommonJS for Jest's module system.
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(jose|otplib|@otplib|@scure|@noble)/)'],
  testMatch: ['**/*.test.ts'],
  ...extra,
});

module.exports = {
  projects: [
    project('unit', ['<rootDir>/packages', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/scripts']),
    project('stack', ['<rootDir>/test'], { setupFilesAfterEnv: ['<rootDir>/test/support/timeout.ts'] }),
  ],
};
