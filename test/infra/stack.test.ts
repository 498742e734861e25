import { describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/load-config.ts';
import { WatchkeeperStack } from '../../lib/watchkeeper-stack.ts';
import { STAGES } from '../../lib/stages.ts';
import { assertionApp } from '../helpers/cdk-app.ts';
import type { WatchkeeperFunction } from '../../lib/constructs/watchkeeper-function.ts';
import { ENV } from '../../functions/shared/env.ts';
import { Settings } from '../../functions/shared/settings.ts';
import { AWS_RANGES_FILE } from '../../functions/shared/aws-ranges-file.ts';
import { reservedConcurrency } from '../../lib/concurrency.ts';
import { arnOf, ref, resolveTokens } from '../helpers/template-tokens.ts';
import { escalationDefinition } from '../../lib/constructs/escalation-definition.ts';
import { remediationDefinition } from '../../lib/constructs/remediation-definition.ts';
import { DEFAULT_REMEDIATION } from '../../functions/core/actions/remediation-config.ts';

type LogicalIds = Record<'table' | 'preparePage' | 'act', string>;

const app = assertionApp();
const stack = new WatchkeeperStack(app, 'Test', {
  config: parseConfig({
    clusters: [
      { name: 'prod-eu-1', slaTier: 'gold', enableControlPlaneLogging: true },
      { name: 'staging', silenceMinutes: 60 },
    ],
    rules: { disable: ['namespace-created'] },
    contacts: {
      operations: [
        { protocol: 'email', endpoint: 'oncall@example.com' },
        { protocol: 'sms', endpoint: '+31612345678', role: 'escalation', severities: ['critical'] },
      ],
      'data-platform': [{ protocol: 'https', endpoint: 'https://chat.example.com/hooks/watchkeeper' }],
    },
    businessContacts: [{ protocol: 'email', endpoint: 'status@example.com' }],
    apiUrl: 'https://incidents.example.com',
  }),
});
const template = Template.fromStack(stack);
/** A function of the stack by its construct id (its bundled settings are on it). */
const functionOf = (id: string) => stack.node.findChild(id) as WatchkeeperFunction;
/** The settings a function reads, from the file bundled beside it. */
const settingsOf = (id: string) => new Settings(functionOf(id).settings);
const allResources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;
/** Policy statements of the roles whose policies' logical ids start with `prefix`. */
const statementsOf = (prefix: string) =>
  Object.entries(allResources)
    .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith(prefix))
    .flatMap(
      ([, r]) =>
        (r.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> })
          .Statement,
    );

describe('WatchkeeperStack: log ingestion', () => {
  it('runs the ingest function on Node 22, arm64, with tracing and the validated rule overrides', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
    });
    expect(settingsOf('IngestLogs').config.rules.disable).toEqual(['namespace-created']);
  });

  it('keeps the configuration out of every environment: only what the deployment knows, by the names functions read', () => {
    // The configuration goes into settings.json beside each handler; environments are capped at 4 KB.
    const allowed = new Set<string>([
      ...Object.values(ENV),
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_METRICS_NAMESPACE',
      'NODE_OPTIONS',
    ]);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function')))
      for (const name of Object.keys(fn.Properties.Environment?.Variables ?? {}))
        if (!name.startsWith('AWS_')) expect(allowed).toContain(name);
    const api = functionOf('Api');
    expect(api.settings).toBe(functionOf('IngestLogs').settings);
    expect(settingsOf('Api').escalation.clusterSlaTiers).toEqual({ 'prod-eu-1': 'gold', staging: 'standard' });
  });

  it("bundles the rules in force without their examples (test data stays in the catalogue's files)", () => {
    const { rules } = functionOf('IngestLogs').settings.derived;
    expect(rules.length).toBeGreaterThan(100);
    expect(rules.find((r) => r.id === 'namespace-created')?.enabled).toBe(false);
    expect(rules.filter((r) => 'examples' in r)).toEqual([]);
  });

  it("copies AWS's address ranges beside the two functions whose sources carry callers' addresses, and no other", () => {
    const withRanges = stack.node
      .findAll()
      .filter((c): c is WatchkeeperFunction => 'extraFiles' in c)
      .filter((fn) => fn.extraFiles.includes(AWS_RANGES_FILE))
      .map((fn) => fn.node.id);
    expect(withRanges.sort()).toEqual(['IngestEvents', 'IngestLogs']);
  });

  it("bundles the configuration without people's addresses: only the stack subscribes them", () => {
    const file = JSON.stringify(functionOf('PreparePage').settings);
    for (const address of ['oncall@example.com', '+31612345678', 'chat.example.com/hooks', 'status@example.com'])
      expect(file).not.toContain(address);
    // The teams contacts name are still teams to the functions.
    expect(settingsOf('PreparePage').escalation.teams).toContain('data-platform');
  });

  it('subscribes every configured cluster log group to the ingest function', () => {
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 2);
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: '/aws/eks/prod-eu-1/cluster',
      FilterPattern: '',
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'logs.amazonaws.com',
      Action: 'lambda:InvokeFunction',
    });
  });

  it('lets API Gateway invoke the API function through one permission for the whole API, not two per method', () => {
    // Two per method (~60 methods) made a resource-based policy of ~50 KB; Lambda allows 20 KB.
    const api = Object.keys(template.findResources('AWS::Lambda::Function')).find((id) => /^Api[0-9A-F]{8}$/.test(id))!;
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission', {
        Properties: { FunctionName: { 'Fn::GetAtt': [api, 'Arn'] }, Principal: 'apigateway.amazonaws.com' },
      }),
    );
    expect(permissions).toHaveLength(1);
    expect(JSON.stringify(permissions[0].Properties.SourceArn)).toMatch(/\/\*\/\*\/\*"\]\]\}$/);
  });

  it('keeps every log group a year in prod, encrypted with the deployment key', () => {
    const groups = Object.values(
      template.toJSON().Resources as Record<
        string,
        { Type: string; Properties: { RetentionInDays?: number; KmsKeyId?: unknown } }
      >,
    ).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(5);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBe(365);
      expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EncryptionKey/), 'Arn'] });
    }
  });

  it('rejects a configuration with an invalid cluster name', () => {
    expect(() => parseConfig({ clusters: [{ name: 'bad name!' }] })).toThrow('clusters');
  });
});

describe('WatchkeeperStack: incident store', () => {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
  >;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  it('has the incident table with its keys, list indexes, TTL, PITR, customer-key encryption, and is retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() }),
        DeletionProtectionEnabled: true,
      }),
    });
    const [, table] = ofType('AWS::DynamoDB::Table')[0];
    const indexes = table.Properties.GlobalSecondaryIndexes as Array<{
      IndexName: string;
      KeySchema: Array<{ AttributeName: string }>;
    }>;
    expect(indexes.map((i) => [i.IndexName, i.KeySchema.map((k) => k.AttributeName)])).toEqual([
      ['byStatus', ['statusKey', 'startedKey']],
      ['byCluster', ['clusterKey', 'startedKey']],
      ['byTeam', ['teamKey', 'startedKey']],
      ['bySeverity', ['severityKey', 'startedKey']],
      ['byRule', ['ruleKey', 'startedKey']],
      ['byMonth', ['monthKey', 'startedKey']],
      ['dueForAutoResolve', ['dueKey', 'autoResolveAt']],
      ['pendingEscalation', ['pendingKey', 'startedKey']],
      ['byIncident', ['incidentKey', 'startedKey']],
    ]);
  });

  it('has a rotating customer-managed key, retained, that grants only to AWS services', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'kms:CreateGrant',
              Principal: { AWS: '*' },
              Condition: {
                BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
              },
            }),
          ]),
          Version: '2012-10-17',
        },
      }),
    });
  });

  it('versions the quarantine, logs access to it, notifies EventBridge and locks objects for their expiry in prod', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'quarantine/' },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' }),
        ]),
      },
    });
  });

  it('marks the dead-letter queue as one (any source may redrive to it)', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { RedriveAllowPolicy: { redrivePermission: 'allowAll' } });
  });

  it('has a private, encrypted, expiring, retained quarantine bucket', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
      }),
    });
  });

  it('retries asynchronous ingestion twice, then keeps it in an encrypted dead-letter queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('names the quarantine bucket and the dead-letter queue in its outputs, for operators', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: { Ref?: string } }>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['ApiUrl', 'AlertmanagerTokenSecret', 'QuarantineBucketName', 'DeadLetterQueueUrl']),
    );
    const queue = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) =>
      id.startsWith('IngestDeadLetters'),
    );
    expect(outputs.DeadLetterQueueUrl?.Value).toEqual({ Ref: queue });
  });

  it('runs the sweeper every minute', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });

  it('grants the ingest function only the table actions it calls, and no wildcard action anywhere', () => {
    const policies = ofType('AWS::IAM::Policy').map(
      ([id, p]) =>
        [id, (p.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }).Statement] as const,
    );
    const ingest = policies.find(([id]) => id.startsWith('IngestLogs'))![1];
    const dynamo = ingest
      .flatMap((s) => [s.Action].flat())
      .filter((a) => a.startsWith('dynamodb:'))
      .sort();
    expect(dynamo).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    for (const [, statements] of policies) {
      for (const action of statements.flatMap((s) => [s.Action].flat())) expect(action).not.toMatch(/\*/);
    }
  });
});

describe('WatchkeeperStack: escalation', () => {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;

  it('has one KMS-encrypted topic per team (configured teams included) plus the business topic', () => {
    const topics = Object.values(resources).filter((r) => r.Type === 'AWS::SNS::Topic');
    expect(topics.map((t) => t.Properties.DisplayName).sort()).toEqual([
      'Watchkeeper alarms',
      'Watchkeeper business',
      'Watchkeeper data-platform',
      'Watchkeeper development',
      'Watchkeeper devops',
      'Watchkeeper infrastructure',
      'Watchkeeper operations',
      'Watchkeeper platform',
      'Watchkeeper security',
    ]);
    for (const topic of topics) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('subscribes contacts with filter policies on audience and severity', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      FilterPolicy: { audience: ['member'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      Endpoint: '+31612345678',
      FilterPolicy: { audience: ['escalation'], severity: ['critical'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: 'https://chat.example.com/hooks/watchkeeper',
    });
  });

  it('limits the state machine to the table, the topics, the key and the prepare-page function', () => {
    const actions = statementsOf('EscalationStateMachineRole')
      .flatMap((s) => [s.Action].flat())
      .sort();
    expect(actions).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'lambda:InvokeFunction',
      'logs:CreateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:DescribeLogGroups',
      'logs:DescribeResourcePolicies',
      'logs:GetLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:UpdateLogDelivery',
      'sns:Publish',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    const publish = statementsOf('EscalationStateMachineRole').find((s) => s.Action === 'sns:Publish')!;
    expect((publish.Resource as unknown[]).length).toBe(8);
  });

  it('runs the workflow in JSONPath with native SNS and DynamoDB integrations', () => {
    const machine = Object.entries(resources).find(
      ([id, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && id.startsWith('Escalation'),
    )![1];
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    for (const resource of [
      'arn:aws:states:::sns:publish',
      'arn:aws:states:::dynamodb:getItem',
      'arn:aws:states:::dynamodb:putItem',
      'arn:aws:states:::dynamodb:updateItem',
      'arn:aws:states:::lambda:invoke',
    ]) {
      expect(definition).toContain(resource);
    }
    expect(definition).not.toContain('JSONata');
  });

  // The local runtime runs the pure definitions; this holds them to what `cdk synth` writes.
  it.each([
    {
      machine: 'escalation',
      build: (ids: LogicalIds) => escalationDefinition(ref(ids.table), arnOf(ids.preparePage)),
    },
    {
      machine: 'remediation',
      build: (ids: LogicalIds) => remediationDefinition(arnOf(ids.act), DEFAULT_REMEDIATION.approvalPollSeconds),
    },
  ])(
    'synthesizes the $machine state machine exactly as the pure definition the local runtime runs',
    ({ machine, build }) => {
      const idOf = (prefix: string, type: string) =>
        Object.keys(resources).find((id) => id.startsWith(prefix) && resources[id].Type === type)!;
      const ids = {
        table: idOf('Incidents', 'AWS::DynamoDB::Table'),
        preparePage: idOf('PreparePage', 'AWS::Lambda::Function'),
        act: idOf('RemediationAct', 'AWS::Lambda::Function'),
      };
      const [, synthesized] = Object.entries(resources).find(
        ([, r]) =>
          r.Type === 'AWS::StepFunctions::StateMachine' &&
          JSON.stringify(r.Properties.StateMachineName).includes(`-${machine}`),
      )!;
      expect(JSON.parse(resolveTokens(synthesized.Properties.DefinitionString))).toEqual(build(ids));
    },
  );

  it('lets ingestion start executions and keeps the link key in an encrypted secret', () => {
    expect(statementsOf('IngestLogs').flatMap((s) => [s.Action].flat())).toContain('states:StartExecution');
    // A split alert's new incident, or a merge, starts or stops escalation from the API.
    expect(statementsOf('Api').flatMap((s) => [s.Action].flat())).toContain('states:StartExecution');
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: Match.stringLikeRegexp('-escalation$'),
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: Match.anyValue(),
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ API_URL: 'https://incidents.example.com', ACK_SECRET_ARN: Match.anyValue() }),
      },
    });
  });
});

describe('WatchkeeperStack: incident API', () => {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;

  it('authorizes every method: IAM, the link authorizer on /ack/{token} and /act/{token}, the user pool on the console routes', () => {
    const methods = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Method');
    expect(methods.length).toBeGreaterThanOrEqual(14);
    const byType = (type: string) => methods.filter((m) => m.Properties.AuthorizationType === type);
    expect(byType('AWS_IAM').length + byType('CUSTOM').length + byType('COGNITO_USER_POOLS').length).toBe(
      methods.length,
    );
    // The acknowledgement link (GET, POST), the action link (GET, approve, reject), the webhook.
    expect(byType('CUSTOM')).toHaveLength(6);
    // Every IAM route once more for the console, and nothing else.
    expect(byType('COGNITO_USER_POOLS')).toHaveLength(byType('AWS_IAM').length);
    for (const method of [...byType('CUSTOM'), ...byType('COGNITO_USER_POOLS')])
      expect(method.Properties.AuthorizerId).toBeDefined();
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'REQUEST', AuthorizerResultTtlInSeconds: 0 });
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleUsersUserPool'), 'Arn'] }],
    });
  });

  it('throttles the stage and writes JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      AccessLogSetting: Match.objectLike({
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      }),
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 })]),
    });
  });
});

describe('WatchkeeperStack: more sources and cluster onboarding', () => {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;

  it('routes CloudTrail calls, alarm state changes and GuardDuty EKS findings to the ingest-events function', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        'detail-type': ['AWS API Call via CloudTrail'],
        source: ['aws.eks', 'aws.ec2', 'aws.ecr'],
        detail: {
          eventSource: ['eks.amazonaws.com', 'ec2.amazonaws.com', 'ecr.amazonaws.com'],
          eventName: Match.arrayWith(['UpdateClusterConfig', 'AssociateAccessPolicy', 'SetRepositoryPolicy']),
        },
      }),
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
    // IAM is global: its calls reach EventBridge in us-east-1 (or forwarded from there: hub-and-spokes.test).
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        source: ['aws.iam'],
        detail: { eventSource: ['iam.amazonaws.com'], eventName: Match.arrayWith(['DetachRolePolicy']) },
      }),
    });
    // EventBridge receives no read-only calls: a pattern waiting for one never matches.
    const patterns = JSON.stringify(Object.values(template.findResources('AWS::Events::Rule')));
    for (const readOnly of ['DescribeCluster', 'ListClusters']) expect(patterns).not.toContain(readOnly);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { resource: { resourceType: ['EKSCluster'] } },
      },
    });
  });

  it('protects POST /alertmanager with a bearer-token authorizer', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
    });
    const method = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::ApiGateway::Method' &&
        r.Properties.HttpMethod === 'POST' &&
        JSON.stringify(r.Properties.ResourceId).includes('alertmanager'),
    )!;
    expect(method.Properties.AuthorizationType).toBe('CUSTOM');
  });

  it('creates each log group before subscribing it, and turns logging on only where asked, on those clusters only', () => {
    const custom = Object.entries(resources).filter(([, r]) => r.Type === 'Custom::AWS');
    const calls = custom.map(([, r]) => JSON.parse(resolveTokens(r.Properties.Create)));
    expect(calls.map((c) => [c.action, c.parameters.logGroupName ?? c.parameters.name]).sort()).toEqual([
      ['createLogGroup', '/aws/eks/prod-eu-1/cluster'],
      ['createLogGroup', '/aws/eks/staging/cluster'],
      ['updateClusterConfig', 'prod-eu-1'],
    ]);
    // EKS creates the group only some time after logging is on: a filter on a missing group fails the deploy.
    for (const filter of Object.values(template.findResources('AWS::Logs::SubscriptionFilter'))) {
      const cluster = filter.Properties.LogGroupName.split('/')[3];
      const own = custom.filter(([, r]) => JSON.stringify(r.Properties.Create).includes(cluster)).map(([id]) => id);
      for (const id of own) expect(filter.DependsOn).toContain(id);
    }
    const statements = statementsOf('ControlPlaneLogging');
    const eks = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('eks:')));
    expect(eks.flatMap((s) => [s.Action].flat()).sort()).toEqual(['eks:DescribeCluster', 'eks:UpdateClusterConfig']);
    expect(JSON.stringify(eks.map((s) => s.Resource))).toContain(':cluster/prod-eu-1');
    expect(JSON.stringify(eks.map((s) => s.Resource))).not.toContain('staging');
    const groups = statements.filter((s) => s.Action === 'logs:CreateLogGroup');
    expect(JSON.stringify(groups.map((s) => s.Resource))).toMatch(/prod-eu-1\/cluster"[\s\S]*staging\/cluster"/);
  });

  it('checks the listed log groups for silence every five minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    const describe = statementsOf('LogSilence').find((s) => s.Action === 'logs:DescribeLogStreams')!;
    expect(JSON.stringify(describe.Resource)).toContain('/aws/eks/prod-eu-1/cluster');
    expect(settingsOf('LogSilence').silenceWatches).toEqual([
      { name: 'prod-eu-1', silenceMinutes: 30 },
      { name: 'staging', silenceMinutes: 60 },
    ]);
  });
});

describe('WatchkeeperStack: watching itself, and stages', () => {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
  >;
  const alarms = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');

  it('alarms on errors, throttles, dead letters, quarantine, escalation failures, exhausted tiers and silent clusters, to the alarms topic', () => {
    const descriptions = alarms.map(([, a]) => String(a.Properties.AlarmDescription));
    for (const expected of [
      'IngestLogs failed invocations',
      'IngestEvents throttled invocations',
      'dead-letter queue',
      'IngestLogs quarantines',
      'escalation executions failed',
      'ran out of tiers',
      'silent',
      'Act failed invocations',
      'remediation executions failed',
      'approved actions failed',
    ]) {
      expect(descriptions.some((d) => d.includes(expected))).toBe(true);
    }
    const alarmsTopic = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::SNS::Topic' && r.Properties.DisplayName === 'Watchkeeper alarms',
    )![0];
    for (const [, a] of alarms) expect(a.Properties.AlarmActions).toEqual([{ Ref: alarmsTopic }]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('delivers every alarm to the first-line contacts: CloudWatch may use the key and publish, no filter holds it back', () => {
    const alarmsTopic = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::SNS::Topic' && r.Properties.DisplayName === 'Watchkeeper alarms',
    )![0];
    // An alarm notification carries no message attributes: a filter on audience or severity would drop it.
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).filter(
      (r) => r.Properties.TopicArn.Ref === alarmsTopic,
    );
    expect(subscriptions.map((r) => [r.Properties.Protocol, r.Properties.Endpoint, r.Properties.FilterPolicy])).toEqual(
      [
        ['email', 'oncall@example.com', undefined],
        ['sms', '+31612345678', undefined],
      ],
    );
    const keyPolicy = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    expect(keyPolicy).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      }),
    );
    const topicPolicy = Object.values(template.findResources('AWS::SNS::TopicPolicy')).find((p) =>
      p.Properties.Topics.some((t: { Ref: string }) => t.Ref === alarmsTopic),
    )!;
    expect(topicPolicy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
      }),
    );
  });

  it('bounds the concurrency of the asynchronously invoked ingest functions (the webhook is bounded by stage throttling)', () => {
    const bounded = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.ReservedConcurrentExecutions === 20)
      .map(([id]) => id.replace(/[A-F0-9]{8}$/, ''));
    expect(bounded.sort()).toEqual(['IngestEvents', 'IngestLogs', 'LogSilence']);
    // One home for the figure preflight holds against the account's quota.
    expect(reservedConcurrency(parseConfig({}), STAGES.prod).total).toBe(60);
  });

  it('reserves nothing for an account whose quota is low, with ingestConcurrency 0', () => {
    const config = parseConfig({ ingestConcurrency: 0 });
    const small = Template.fromStack(new WatchkeeperStack(assertionApp(), 'Small', { config }));
    for (const fn of Object.values(small.findResources('AWS::Lambda::Function')))
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(reservedConcurrency(config, STAGES.prod).total).toBe(0);
  });

  it('in prod: no source maps to decode on a cold start', () => {
    const functions = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.handler',
    );
    expect(functions.length).toBeGreaterThan(5);
    for (const fn of functions)
      expect(JSON.stringify(fn.Properties.Environment ?? {})).not.toContain('enable-source-maps');
  });

  it('in dev: deletes data with the stack (buckets emptied first), alarms without actions, looser throttling, short log retention, source maps', () => {
    const devApp = assertionApp();
    const dev = Template.fromStack(new WatchkeeperStack(devApp, 'Dev', { config: parseConfig({}), stage: STAGES.dev }));
    dev.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    dev.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    for (const alarm of Object.values(dev.findResources('AWS::CloudWatch::Alarm')))
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    dev.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50 })]),
    });
    dev.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    for (const bucket of Object.values(dev.findResources('AWS::S3::Bucket')))
      expect(bucket.Properties.ObjectLockEnabled ?? false).toBe(false);
    // CloudFormation deletes no bucket that holds an object (or a version of one): each is emptied first.
    const buckets = Object.keys(dev.findResources('AWS::S3::Bucket'));
    const emptied = Object.values(dev.findResources('Custom::S3AutoDeleteObjects')).map(
      (r) => r.Properties.BucketName.Ref,
    );
    expect(emptied.sort()).toEqual(buckets.sort());
    expect(template.findResources('Custom::S3AutoDeleteObjects')).toEqual({});
    dev.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
  });
});

describe('WatchkeeperStack: in a named account and a VPC', () => {
  const placedApp = assertionApp();
  const placed = Template.fromStack(
    new WatchkeeperStack(placedApp, 'Placed', {
      env: { account: '111122223333' },
      config: parseConfig({
        clusters: [{ name: 'prod-eu-1' }],
        account: '111122223333',
        network: { vpcId: 'vpc-0a1b2c3d', subnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'] },
      }),
    }),
  );

  it('runs every function in the configured subnets with a security group that allows only HTTPS out', () => {
    const functions = Object.values(placed.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(5);
    for (const fn of functions)
      expect(fn.Properties.VpcConfig).toMatchObject({ SubnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'] });
    placed.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })],
    });
  });

  it('names the account on every Lambda permission, on top of the caller ARN', () => {
    const permissions = Object.values(placed.findResources('AWS::Lambda::Permission'));
    expect(permissions.length).toBeGreaterThan(5);
    for (const permission of permissions) expect(permission.Properties.SourceAccount).toBe('111122223333');
  });

  it('rejects a network with malformed ids, naming the field', () => {
    expect(() => parseConfig({ network: { vpcId: 'vpc-1', subnetIds: [] } })).toThrow('network');
  });
});

/** The parts of a response headers policy the console test reads. */
interface SecurityHeaders {
  ContentSecurityPolicy: { ContentSecurityPolicy: unknown };
  StrictTransportSecurity: Record<string, unknown>;
  FrameOptions: Record<string, unknown>;
}

describe('WatchkeeperStack: the console in AWS', () => {
  const ofType = (type: string) => Object.entries(allResources).filter(([, r]) => r.Type === type);
  const distributionId = ofType('AWS::CloudFront::Distribution')[0]?.[0];

  it('serves the files from a private, encrypted bucket that only its distribution may read', () => {
    expect(ofType('AWS::CloudFront::Distribution')).toHaveLength(1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.absent(),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'console/' }),
    });
    const [[, policy]] = ofType('AWS::S3::BucketPolicy').filter(([id]) => id.startsWith('ConsoleFiles'));
    const statements = (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': ['', expect.arrayContaining([{ Ref: distributionId }])],
            },
          },
        },
      }),
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
  });

  it('redirects to HTTPS, sends a CSP without unsafe-inline, and forwards /api/* with the token to the API', () => {
    const config = (allResources[distributionId as string].Properties.DistributionConfig ?? {}) as {
      DefaultCacheBehavior: Record<string, unknown>;
      CacheBehaviors: Array<Record<string, unknown>>;
      DefaultRootObject: string;
      Origins: Array<{ DomainName: unknown; OriginPath?: string }>;
    };
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({ PathPattern: '/api/*', ViewerProtocolPolicy: 'https-only' }),
    ]);
    expect(config.Origins).toContainEqual(
      expect.objectContaining({
        DomainName: { 'Fn::Join': ['', expect.arrayContaining([{ Ref: 'IncidentApi995B4528' }])] },
        OriginPath: '/v1',
      }),
    );
    const [[, headers]] = ofType('AWS::CloudFront::ResponseHeadersPolicy');
    const security = (headers.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: SecurityHeaders })
      .SecurityHeadersConfig;
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, Override: true });
    expect(security.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MaxTTL: 1,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
        }),
      }),
    });
  });

  it('signs people in with a user pool: no self sign-up, MFA, a PKCE client without secret, one group per role', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] }],
    });
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'responder', 'viewer']);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['watchkeeper-prod-', { Ref: 'AWS::AccountId' }]] },
    });
  });

  it('links pages to the hosted console, and tells `console publish` where it lives', () => {
    const [[, preparePage]] = ofType('AWS::Lambda::Function').filter(([id]) => id.startsWith('PreparePage'));
    const env = (preparePage.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const consoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] };
    expect(env.CONSOLE_URL).toEqual(consoleUrl);
    // The API links incidents (and the page after an acknowledgement link) to the console too.
    const [[, apiFunction]] = ofType('AWS::Lambda::Function').filter(([id]) => /^Api[0-9A-F]{8}$/.test(id));
    expect(
      (apiFunction.Properties.Environment as { Variables: Record<string, unknown> }).Variables.CONSOLE_URL,
    ).toEqual(consoleUrl);
    const outputs = Object.keys(template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ConsoleUrl',
        'ConsoleBucketName',
        'ConsoleDistributionId',
        'ConsoleSignInUrl',
        'ConsoleClientId',
        'ConsoleUserPoolId',
      ]),
    );
  });
});

describe('WatchkeeperStack: the business status page', () => {
  const pageStack = new WatchkeeperStack(assertionApp(), 'WithStatusPage', {
    config: parseConfig({
      clusters: [{ name: 'prod-eu-1' }, { name: 'staging' }],
      statusPage: { enabled: true, title: 'Acme status', clusters: ['prod-eu-1'] },
    }),
  });
  const withPage = Template.fromStack(pageStack);
  const resources = withPage.toJSON().Resources as Record<
    string,
    {
      Type: string;
      Properties: {
        Environment?: { Variables: Record<string, string> };
        PolicyDocument?: { Statement: Array<{ Action: string | string[]; Resource: unknown }> };
      };
    }
  >;
  const [fnId, fn] = Object.entries(resources).find(
    ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('StatusPage'),
  ) ?? ['', { Type: '', Properties: {} }];

  it('is off unless enabled', () => {
    expect(Object.keys(allResources).some((id) => id.startsWith('StatusPage'))).toBe(false);
  });

  it('runs on the business topic and every five minutes, with the opted-in clusters', () => {
    // One writer at a time: the page is read, merged and written.
    expect((fn.Properties as { ReservedConcurrentExecutions?: number }).ReservedConcurrentExecutions).toBe(1);
    expect((pageStack.node.findChild('StatusPage') as WatchkeeperFunction).settings.config.statusPage).toMatchObject({
      title: 'Acme status',
      clusters: ['prod-eu-1'],
    });
    withPage.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] },
      TopicArn: { Ref: Match.stringLikeRegexp('^TopicsbusinessTopic') },
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
    withPage.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } })],
    });
  });

  it('may write only the three files of the page and read only its JSON', () => {
    const statements = Object.entries(resources)
      .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith('StatusPage'))
      .flatMap(([, r]) => r.Properties.PolicyDocument?.Statement ?? []);
    const s3 = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3.map((s) => s.Action)).toEqual(['s3:PutObject', 's3:GetObject']);
    const keys = JSON.stringify(s3.map((s) => s.Resource));
    for (const key of ['/status/index.html', '/status/status.json', '/status/style.css']) expect(keys).toContain(key);
    expect(keys).not.toContain('/*');
  });
});
