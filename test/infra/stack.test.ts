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

describe('WatchkeeperStack: incident store', () => {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  it('has the incident table with its keys, list indexes, TTL, PITR, customer-key encryption, and is retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() }),
        DeletionProtectionEnabled: true,
      }),
    });
    const [, table] = ofType('AWS::DynamoDB::Table')[0];
    const indexes = (table.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string; KeySchema: Array<{ AttributeName: string }> }>);
    expect(indexes.map((i) => [i.IndexName, i.KeySchema.map((k) => k.AttributeName)])).toEqual([
      ['byStatus', ['statusKey', 'startedKey']], ['byCluster', ['clusterKey', 'startedKey']], ['byTeam', ['teamKey', 'startedKey']],
      ['bySeverity', ['severityKey', 'startedKey']], ['byRule', ['ruleKey', 'startedKey']], ['dueForAutoResolve', ['dueKey', 'autoResolveAt']],
    ]);
  });

  it('has a rotating customer-managed key, retained', () => {
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  });

  it('has a private, encrypted, expiring, retained quarantine bucket', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
      }),
    });
  });

  it('retries asynchronous ingestion twice, then keeps it in an encrypted dead-letter queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('runs the sweeper every minute', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });

  it('grants the ingest function only the table actions it calls, and no wildcard action anywhere', () => {
    const policies = ofType('AWS::IAM::Policy').map(([id, p]) => [id, (p.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }).Statement] as const);
    const ingest = policies.find(([id]) => id.startsWith('IngestLogs'))![1];
    const dynamo = ingest.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('dynamodb:')).sort();
    expect(dynamo).toEqual(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    for (const [, statements] of policies) {
      for (const action of statements.flatMap((s) => [s.Action].flat())) expect(action).not.toMatch(/\*/);
    }
  });
});
