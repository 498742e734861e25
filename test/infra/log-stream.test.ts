import { describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/load-config.ts';
import { WatchkeeperStack } from '../../lib/watchkeeper-stack.ts';
import { assertionApp } from '../helpers/cdk-app.ts';

function template(config: Record<string, unknown>): Template {
  const app = assertionApp();
  const stack = new WatchkeeperStack(app, 'Streaming', {
    config: parseConfig({ clusters: [{ name: 'prod-eu-1' }, { name: 'batch' }], ...config }),
    env: { account: '111122223333', region: 'eu-west-1' },
  });
  return Template.fromStack(stack);
}

describe('the Kinesis path (ingest: "stream")', () => {
  const streaming = template({ ingest: 'stream', stream: { parallelizationFactor: 4, maxRecordAgeHours: 2 } });

  it('subscribes every cluster to an encrypted on-demand stream, with a role only CloudWatch Logs of this account and region may use', () => {
    streaming.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: Match.anyValue() },
    });
    const filters = streaming.findResources('AWS::Logs::SubscriptionFilter');
    expect(Object.values(filters).map((f) => f.Properties.LogGroupName)).toEqual([
      '/aws/eks/prod-eu-1/cluster',
      '/aws/eks/batch/cluster',
    ]);
    for (const filter of Object.values(filters)) {
      expect(JSON.stringify(filter.Properties.DestinationArn)).toContain('LogStream');
      expect(filter.Properties.RoleArn).toBeDefined();
    }
    streaming.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'logs.amazonaws.com' },
            // The form AWS documents for subscriptions to a stream: CloudWatch Logs of this account and region.
            Condition: {
              StringLike: {
                'aws:SourceArn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111122223333:*']],
                },
              },
            },
          }),
        ],
      },
    });
    const logsPolicy = Object.entries(streaming.findResources('AWS::IAM::Policy')).find(([id]) =>
      id.startsWith('LogStreamLogsRole'),
    )?.[1];
    expect(logsPolicy?.Properties.PolicyDocument.Statement.map((s: { Action: unknown }) => s.Action)).toEqual([
      ['kinesis:PutRecord', 'kinesis:PutRecords'],
      'kms:GenerateDataKey',
    ]);
    // Nothing invokes the function from CloudWatch Logs any more.
    expect(
      Object.values(streaming.findResources('AWS::Lambda::Permission')).filter(
        (p) => p.Properties.Principal === 'logs.amazonaws.com',
      ),
    ).toEqual([]);
  });

  it('lets the function read the stream with the calls a shared-throughput mapping makes, named on the stream', () => {
    const reads = Object.entries(streaming.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('IngestLogsRole'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
      .flatMap((s) => [s.Action].flat())
      .filter((a) => a.startsWith('kinesis:'));
    // ListStreams takes only "*", the consumer actions are enhanced fan-out's: granted on a stream, nothing.
    expect(reads.sort()).toEqual([
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamSummary',
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:ListShards',
    ]);
  });

  it('reads it with partial batch responses, bisection, a bounded record age and a dead-letter queue', () => {
    streaming.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: Match.objectLike({ Ref: Match.stringLikeRegexp('^IngestLogs') }),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRecordAgeInSeconds: 7200,
      ParallelizationFactor: 4,
      MaximumRetryAttempts: 10,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }) } },
    });
    streaming.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Threshold: 300_000,
    });
  });

  it('keeps the direct subscription by default', () => {
    const direct = template({});
    direct.resourceCountIs('AWS::Kinesis::Stream', 0);
    direct.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    expect(
      Object.values(direct.findResources('AWS::Lambda::Permission')).filter(
        (p) => p.Properties.Principal === 'logs.amazonaws.com',
      ),
    ).toHaveLength(2);
  });
});
