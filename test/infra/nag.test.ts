import { describe, expect, it } from '@jest/globals';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { parseConfig } from '../../lib/load-config.ts';
import { WatchkeeperStack } from '../../lib/watchkeeper-stack.ts';

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in a fully configured stack (AwsSolutions and Serverless packs)', () => {
    // Prepare: every optional part on (contacts, logging custom resource, several clusters).
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
    new WatchkeeperStack(app, 'Nag', {
      config: parseConfig({
        clusters: [{ name: 'prod-eu-1', enableControlPlaneLogging: true }, { name: 'staging' }],
        contacts: { operations: [{ protocol: 'email', endpoint: 'noc@example.com' }] },
      }),
    });
    // Act
    let report = '';
    try {
      app.synth();
    } catch (error) {
      report = (error as Error).message;
    }
    // Assess
    expect(report).toBe('');
  });
});
