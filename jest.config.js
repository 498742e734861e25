/** Native-ESM jest with @swc/jest (see toolchain notes in the README). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
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
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFiles: ['<rootDir>/test/helpers/setup-env.ts'],
  // Generous: the machine is shared and two cores run the CDK synth beside the integration tests; tests never assert timings.
  testTimeout: 120000,
  // A test that times out can leave a local runtime serving; never let that hold CI until its deadline.
  forceExit: true,
};
