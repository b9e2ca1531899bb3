/**
 * `npm run test:unit`: the pure and in-process tests under test/unit, in seconds, with no Java (no DynamoDB
 * Local), no browser and no CDK synthesis of the whole app. The full `npm test` runs these and everything else.
 */
const base = require('./jest.config.cjs');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/unit'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
