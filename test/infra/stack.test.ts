import { describe, expect, it } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/load-config.ts';
import { WatchkeeperStack } from '../../lib/watchkeeper-stack.ts';

const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new WatchkeeperStack(app, 'Test', { config: parseConfig({ clusters: [{ name: 'prod-eu-1' }, { name: 'staging' }], rules: { disable: ['namespace-created'] } }) });
const template = Template.fromStack(stack);

describe('WatchkeeperStack: log ingestion', () => {
  it('runs the ingest function on Node 22, arm64, with tracing and the validated rule overrides', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ RULE_OVERRIDES: Match.stringLikeRegexp('namespace-created'), NODE_OPTIONS: '--enable-source-maps' }) },
    });
  });

  it('subscribes every configured cluster log group to the ingest function', () => {
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 2);
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: '/aws/eks/prod-eu-1/cluster', FilterPattern: '' });
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'logs.amazonaws.com', Action: 'lambda:InvokeFunction' });
  });

  it('gives its log group a retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('rejects a configuration with an invalid cluster name', () => {
    expect(() => parseConfig({ clusters: [{ name: 'bad name!' }] })).toThrow('clusters');
  });
});
