import { App } from 'aws-cdk-lib';

/**
 * An app for assertion tests: bundling skipped and CDK's built-in template validation off (seconds per
 * synth); the deploy rehearsal (test/infra/rehearsal/) runs every validator on every configuration shown.
 */
export const assertionApp = (context: Record<string, unknown> = {}): App =>
  new App({ context: { 'aws:cdk:bundling-stacks': [], ...context }, builtinCloudFormationValidation: false });
