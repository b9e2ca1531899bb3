/**
 * Unit and integration tests; TypeScript through SWC (TypeScript 7's native compiler has no API for ts-jest).
 * The project is ES modules throughout, and so are the tests: jest runs them as ES modules, which needs
 * Node's --experimental-vm-modules (set for every npm script and npx by .npmrc's node-options). Use
 * `import { jest } from '@jest/globals'` where a test needs the jest object.
 */
const swc = ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
};
