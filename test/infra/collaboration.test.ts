import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/load-config.ts';
import { WatchkeeperStack } from '../../lib/watchkeeper-stack.ts';
import { assertionApp } from '../helpers/cdk-app.ts';

const example = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'examples', 'chat-and-trackers.json'), 'utf8'),
) as Record<string, unknown>;
const app = assertionApp();
const template = Template.fromStack(new WatchkeeperStack(app, 'Chat', { config: parseConfig(example) }));
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation's JSON, read field by field
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

describe('chat channels and trackers in AWS (docs/examples/chat-and-trackers.json)', () => {
  it('configures the Slack and Teams channels with a guardrail, the buttons and error logging', () => {
    for (const type of [
      'AWS::Chatbot::SlackChannelConfiguration',
      'AWS::Chatbot::MicrosoftTeamsChannelConfiguration',
    ]) {
      const [channel, ...more] = ofType(type);
      expect(more).toHaveLength(0);
      expect(channel?.Properties).toMatchObject({ LoggingLevel: 'ERROR', UserRoleRequired: false });
      expect(channel?.Properties.GuardrailPolicies).toHaveLength(1);
      expect(channel?.Properties.CustomizationResourceArns).toHaveLength(2);
      expect(channel?.Properties.SnsTopicArns).toHaveLength(1);
    }
    expect(ofType('AWS::Chatbot::MicrosoftTeamsChannelConfiguration')[0]?.Properties.TeamsChannelId).toBe(
      '19%3A0a1b2c3d4e5f%40thread.tacv2',
    );
  });

  it("lets the channels' role and guardrail do one thing: invoke the acknowledge/resolve function", () => {
    const role = ofType('AWS::IAM::Role').find(
      (r) => r.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service === 'chatbot.amazonaws.com',
    );
    const statements = role?.Properties.Policies.flatMap(
      (p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement,
    );
    expect(statements).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ChatAction/), 'Arn'] },
      },
    ]);
    const [guardrail] = ofType('AWS::IAM::ManagedPolicy');
    expect(guardrail?.Properties.PolicyDocument.Statement).toEqual(statements);
    const actions = ofType('AWS::Chatbot::CustomAction');
    expect(actions.map((a) => a.Properties.Attachments[0].ButtonText).sort()).toEqual(['Acknowledge', 'Resolve']);
    for (const a of actions)
      expect(JSON.stringify(a.Properties.Definition.CommandText)).toContain('lambda invoke --function-name');
  });

  it('feeds the collaboration function from a queue on every team topic, with partial batch failures and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
      KmsMasterKeyId: Match.anyValue(),
    });
    const toQueue = ofType('AWS::SNS::Subscription').filter((s) => s.Properties.Protocol === 'sqs');
    // Every team topic but the business topic.
    expect(toQueue.length).toBe(6);
    expect(toQueue.every((s) => s.Properties.RedrivePolicy && !s.Properties.RawMessageDelivery)).toBe(true);
  });

  it('keeps every token and webhook URL in its own KMS-encrypted secret, readable by the function only', () => {
    const secrets = ofType('AWS::SecretsManager::Secret').filter((s) => /put \{/.test(s.Properties.Description));
    expect(secrets.map((s) => s.Properties.Description.split(':')[0]).sort()).toEqual([
      'Watchkeeper development/tracker',
      'Watchkeeper devops/tracker',
      'Watchkeeper security/secops',
    ]);
    expect(secrets.every((s) => s.Properties.KmsKeyId)).toBe(true);
  });

  it('alarms when messages reach the dead-letter queue and when trackers keep failing', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map((a) => a.Properties);
    expect(alarms.some((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Threshold === 1)).toBe(true);
    expect(alarms.some((a) => a.MetricName === 'CollaborationFailures' && a.AlarmActions?.length === 1)).toBe(true);
  });
});
