/**
 * Jest: tests beside the code (core/, adapters/, cloudfunctions/, server/, scripts/) and the DevTools specs (automator/).
 * Two projects: `sqlite`, every test (the test worlds on SQLite), and `cloudbase-emulation`, the function and
 * gateway tests again with their worlds on the CloudBase adapter over the emulated CloudBase database
 * (adapters/cloudbase/emulator; the few SQLite-only tests are listed at `itOnSqlite` in server/testing.ts).
 */
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
};

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'sqlite',
      roots: ['<rootDir>/core', '<rootDir>/adapters', '<rootDir>/cloudfunctions', '<rootDir>/server', '<rootDir>/scripts', '<rootDir>/automator'],
      testMatch: ['**/*.test.ts', '<rootDir>/automator/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'cloudbase-emulation',
      roots: ['<rootDir>/cloudfunctions', '<rootDir>/server'],
      testMatch: ['<rootDir>/cloudfunctions/**/*.test.ts', '<rootDir>/server/*.test.ts'],
      setupFiles: ['<rootDir>/adapters/cloudbase/emulator/jest-setup.ts'],
    },
  ],
};
