/**
 * Native-ESM jest with @swc/jest, one project per test tier (docs/development.md#tests), each with its
 * own timeout; both cores run files, the heaviest first (test/sequencer.js).
 */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript' },
        target: 'es2023',
        experimental: { keepImportAttributes: true, emitAssertForImportAttributes: false },
      },
      module: { type: 'es6' },
    },
  ],
};

/** A tier: its folders under test/ (its timeout is in test/helpers/tier-timeout.ts). */
const tier = (displayName, folders, extra = {}) => ({
  ...extra,
  displayName,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform,
  testMatch: folders.map((folder) => `<rootDir>/test/${folder}/**/*.test.ts`),
  setupFiles: ['<rootDir>/test/helpers/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/tier-timeout.ts'],
});

export default {
  projects: [
    tier('unit', ['unit']),
    tier('integration', ['integration']),
    tier('infra', ['infra']),
    // One Chromium and one console build for every browser test.
    tier('e2e', ['e2e'], {
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    }),
  ],
  // Two cores: Jest would pick one worker on two and run in band.
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/sequencer.js',
  // A test that times out can leave a local runtime serving; never let that hold CI until its deadline.
  forceExit: true,
};
