import { describe, expect, it } from '@jest/globals';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { checkTemplates } from '../../../lib/rehearsal/rehearse.ts';
import { validateBodies } from '../../../lib/rehearsal/stack-sets.ts';
import { synthesizeApp } from '../../../lib/rehearsal/synthesize.ts';
import type { CfnResource, CfnTemplate } from '../../../lib/rehearsal/types.ts';
import { describeFinding, fixture } from '../../helpers/rehearsal.ts';

/** What the template checks find in a fixture, as lines. */
const found = async (resources: CfnTemplate['Resources'], kind?: 'stack' | 'stack-set-body') =>
  (await checkTemplates([fixture(resources, kind)])).map(describeFinding);

const role = (statements: unknown[], trust = 'lambda.amazonaws.com'): Record<string, CfnResource> => ({
  Role: {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: trust }, Action: 'sts:AssumeRole' }],
      },
    },
  },
  RolePolicy: {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: 'p',
      Roles: [{ Ref: 'Role' }],
      PolicyDocument: { Version: '2012-10-17', Statement: statements },
    },
  },
});
const fn = (environment: Record<string, string> = {}): CfnResource => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    Code: { ZipFile: 'exports.handler = async () => {}' },
    Environment: { Variables: environment },
  },
});
const key = (statements: unknown[] = []): CfnResource => ({
  Type: 'AWS::KMS::Key',
  Properties: {
    KeyPolicy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:Decrypt', Resource: '*' },
        ...statements,
      ],
    },
  },
});

describe('the deploy rehearsal catches one planted error of each family', () => {
  describe('AWS CloudFormation Validate (resource schemas, references, dependencies)', () => {
    it.each([
      { error: 'an unknown resource type', resources: { X: { Type: 'AWS::SNS::Topicc' } }, expected: /F3006/ },
      {
        error: 'a property the type does not have',
        resources: { X: { Type: 'AWS::SNS::Topic', Properties: { Colour: 'red' } } },
        expected: /F3002.*Colour/,
      },
      {
        error: 'a required property missing',
        resources: { X: { Type: 'AWS::Logs::SubscriptionFilter', Properties: { LogGroupName: 'g' } } },
        expected: /F3003.*DestinationArn/,
      },
      {
        error: 'an attribute the type does not have',
        resources: {
          T: { Type: 'AWS::SNS::Topic' },
          X: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::GetAtt': ['T', 'Colour'] } } },
        },
        expected: /E9004|E1010/,
      },
      {
        error: 'a dependency cycle (a key whose policy names a topic it encrypts)',
        resources: {
          K: {
            Type: 'AWS::KMS::Key',
            Properties: {
              KeyPolicy: {
                Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: { Ref: 'T' } }],
              },
            },
          },
          T: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'K' } } },
        },
        expected: /F3004.*Circular/,
      },
    ])('$error', ({ resources, expected }) => {
      const findings = validateBodies([fixture(resources as never, 'stack-set-body')]).map(describeFinding);
      expect(findings.join('\n')).toMatch(expected);
    });
  });

  it('cdk-nag and the Control Tower controls (an unencrypted, unversioned, public-by-default bucket)', () => {
    const { findings } = synthesizeApp((app) => {
      const stack = new Stack(app, 'Bare');
      new Bucket(stack, 'Unversioned', { removalPolicy: RemovalPolicy.DESTROY });
    });
    const checks = new Set(findings.map((f) => f.check));
    expect(checks).toContain('cdk-nag');
    expect(checks).toContain('control-tower');
    expect(findings.map((f) => f.message).join('\n')).toMatch(/CT\.S3\.PR/);
  });

  it('the Amazon States Language: a state that names a state that does not exist', async () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } };
    const findings = await found({
      ...role([]),
      M: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: { RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] }, DefinitionString: JSON.stringify(definition) },
      },
    });
    expect(findings).toContainEqual(expect.stringMatching(/^\[states\] Planted M: Amazon States Language: .*Nowhere/));
    expect(findings.every((f) => f.startsWith('[states]'))).toBe(true);
  });

  it.each([
    {
      error: 'an action no service has',
      statement: { Effect: 'Allow', Action: 'sns:Publishh', Resource: '*' },
      expected: /"sns:Publishh" is not an action of sns/,
    },
    {
      error: 'a wildcard action in an Allow',
      statement: { Effect: 'Allow', Action: 'dynamodb:Get*', Resource: '*' },
      expected: /"dynamodb:Get\*" is a wildcard action/,
    },
    {
      error: 'a condition key no service defines',
      statement: {
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceOrgId2': 'o-1' } },
      },
      expected: /condition key "aws:SourceOrgId2"/,
    },
    {
      error: 'a condition operator IAM does not have',
      statement: {
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: '*',
        Condition: { StringIs: { 'aws:SourceAccount': '1' } },
      },
      expected: /operator "StringIs"/,
    },
    {
      error: 'an action that takes only "*" granted on an ARN (it grants nothing)',
      statement: {
        Effect: 'Allow',
        Action: 'kinesis:ListStreams',
        Resource: 'arn:aws:kinesis:eu-west-1:111122223333:stream/s',
      },
      expected: /"kinesis:ListStreams" takes only the resource "\*"/,
    },
    {
      error: "an action granted on another service's resource",
      statement: { Effect: 'Allow', Action: 'sns:Publish', Resource: 'arn:aws:sqs:eu-west-1:111122223333:q' },
      expected: /"sns:Publish" applies to none of arn:aws:sqs/,
    },
  ])('the Service Authorization Reference: $error', async ({ statement, expected }) => {
    expect((await found(role([statement]))).join('\n')).toMatch(expected);
  });

  describe('the documented quotas', () => {
    it("a function's environment over 4 KB", async () => {
      const findings = await found({ ...role([]), F: fn({ BIG: 'x'.repeat(4_100) }) });
      expect(findings).toEqual([expect.stringMatching(/\[quota\] Planted F: .*environment variables.*4096/)]);
    });

    it("a function's resource-based policy over 20 KB (two permissions per API method, sixty methods)", async () => {
      const permissions = Object.fromEntries(
        Array.from({ length: 120 }, (_, i) => [
          `Permission${i}`,
          {
            Type: 'AWS::Lambda::Permission',
            Properties: {
              FunctionName: { 'Fn::GetAtt': ['F', 'Arn'] },
              Action: 'lambda:InvokeFunction',
              Principal: 'apigateway.amazonaws.com',
              SourceArn: `arn:aws:execute-api:eu-west-1:111122223333:abcdefghij/v1/GET/incidents/${i}/timeline`,
            },
          },
        ]),
      );
      const findings = await found({ ...role([]), F: fn(), ...permissions });
      expect(findings).toEqual([expect.stringMatching(/\[quota\] Planted F: .*resource-based policy.*20480/)]);
    });

    it('more than 500 resources in a stack', async () => {
      const topics = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`T${i}`, { Type: 'AWS::SNS::Topic' }]));
      expect((await found(topics)).join('\n')).toMatch(/resources in one stack: 501 where AWS allows 500/);
    });

    it('a StackSet body over the 51,200 bytes of an inline template', async () => {
      const topics = Object.fromEntries(
        Array.from({ length: 300 }, (_, i) => [
          `T${i}`,
          { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'x'.repeat(200) } },
        ]),
      );
      expect((await found(topics, 'stack-set-body')).join('\n')).toMatch(/inline \(TemplateBody.*51200/);
    });

    it('a name longer than the service accepts', async () => {
      const findings = await found({
        ...role([]),
        M: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            StateMachineName: 'm'.repeat(81),
            RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
            DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
          },
        },
      });
      expect(findings).toEqual([expect.stringMatching(/StateMachineName is 81 characters .* allows 80/)]);
    });
  });

  describe('both sides of every integration', () => {
    it('an alarm → its encrypted topic → a key CloudWatch may not use, a topic policy that admits no CloudWatch', async () => {
      const findings = await found({
        K: key(),
        T: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } } },
        P: {
          Type: 'AWS::SNS::TopicPolicy',
          Properties: {
            Topics: [{ Ref: 'T' }],
            PolicyDocument: {
              Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: { Ref: 'T' } }],
            },
          },
        },
        A: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            AlarmActions: [{ Ref: 'T' }],
            MetricName: 'Errors',
            Namespace: 'AWS/Lambda',
            Statistic: 'Sum',
            Period: 60,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          },
        },
      });
      expect(findings).toEqual([
        expect.stringMatching(/\[integration\] Planted A: CloudWatch cannot publish to topic T: its key/),
        expect.stringMatching(/\[integration\] Planted A: CloudWatch cannot publish to topic T: its topic policy/),
      ]);
    });

    it('a topic → an encrypted queue whose policy does not let SNS send and whose key SNS may not use', async () => {
      const findings = await found({
        K: key(),
        Q: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } } },
        T: { Type: 'AWS::SNS::Topic' },
        S: {
          Type: 'AWS::SNS::Subscription',
          Properties: { TopicArn: { Ref: 'T' }, Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['Q', 'Arn'] } },
        },
      });
      expect(findings).toEqual([
        expect.stringMatching(/sns.amazonaws.com cannot send to queue Q/),
        expect.stringMatching(/sns.amazonaws.com cannot encrypt messages for queue Q/),
      ]);
    });

    it('a rule → a function it may not invoke, and a dead-letter queue it may not send to', async () => {
      const findings = await found({
        ...role([]),
        F: fn(),
        Q: { Type: 'AWS::SQS::Queue' },
        R: {
          Type: 'AWS::Events::Rule',
          Properties: {
            EventPattern: { source: ['aws.eks'] },
            Targets: [
              {
                Id: 't',
                Arn: { 'Fn::GetAtt': ['F', 'Arn'] },
                DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Q', 'Arn'] } },
              },
            ],
          },
        },
      });
      expect(findings).toEqual([
        expect.stringMatching(/EventBridge cannot invoke .*: no Lambda permission for this rule/),
        expect.stringMatching(/events.amazonaws.com cannot send to queue Q/),
      ]);
    });

    it("a subscription filter → another account's destination, without the role CloudWatch Logs assumes", async () => {
      const findings = await found({
        S: {
          Type: 'AWS::Logs::SubscriptionFilter',
          Properties: {
            LogGroupName: '/aws/eks/prod/cluster',
            FilterPattern: '',
            DestinationArn: 'arn:aws:logs:eu-west-1:999999999999:destination:watchkeeper-prod',
          },
        },
      });
      expect(findings).toEqual([expect.stringMatching(/must name the role CloudWatch Logs assumes/)]);
    });

    it('an API method → a function without a permission that covers it', async () => {
      const findings = await found({
        ...role([]),
        F: fn(),
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
        Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'v1' } },
        M: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            RestApiId: { Ref: 'Api' },
            ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
            HttpMethod: 'GET',
            AuthorizationType: 'AWS_IAM',
            Integration: {
              Type: 'AWS_PROXY',
              IntegrationHttpMethod: 'POST',
              Uri: {
                'Fn::Join': [
                  '',
                  [
                    'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/',
                    { 'Fn::GetAtt': ['F', 'Arn'] },
                    '/invocations',
                  ],
                ],
              },
            },
          },
        },
      });
      expect(findings).toEqual([
        expect.stringMatching(/API Gateway cannot invoke .* for GET \/: no Lambda permission/),
      ]);
    });
  });
});
