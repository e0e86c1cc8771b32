/** Jest: tests beside the code (core/, adapters/, cloudfunctions/, server/, scripts/) and the DevTools specs (automator/). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/core', '<rootDir>/adapters', '<rootDir>/cloudfunctions', '<rootDir>/server', '<rootDir>/scripts', '<rootDir>/automator'],
  testMatch: ['**/*.test.ts', '<rootDir>/automator/**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testTimeout: 30000,
};
