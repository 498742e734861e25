/**
 * The documented quotas a template can break at deploy time, one home for each number with the page
 * that states it. Sizes are bytes unless the service counts characters.
 */
export const QUOTAS = {
  functionPolicyBytes: {
    max: 20_480,
    what: "a Lambda function's resource-based policy",
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  environmentBytes: {
    max: 4_096,
    what: "a Lambda function's environment variables (the JSON of the whole map)",
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  templateBytes: {
    max: 1_048_576,
    what: 'a template uploaded through S3',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
  },
  templateBodyBytes: {
    max: 51_200,
    what: 'a template passed inline (TemplateBody, as a StackSet resource does)',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html',
  },
  resources: {
    max: 500,
    what: 'resources in one stack',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
  },
  outputs: {
    max: 200,
    what: 'outputs of one stack',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
  },
  parameters: {
    max: 200,
    what: 'parameters of one stack',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
  },
  keyPolicyBytes: {
    max: 32_768,
    what: 'a KMS key policy',
    source: 'https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html',
  },
  topicPolicyBytes: {
    max: 30_720,
    what: 'an SNS topic policy',
    source: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html',
  },
  queuePolicyBytes: {
    max: 8_192,
    what: 'an SQS queue policy',
    source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html',
  },
  queuePolicyStatements: {
    max: 20,
    what: 'statements of an SQS queue policy',
    source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html',
  },
  bucketPolicyBytes: {
    max: 20_480,
    what: 'an S3 bucket policy',
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html',
  },
  rolePolicyCharacters: {
    max: 10_240,
    what: "a role's inline policies together (characters, whitespace not counted)",
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
  },
  managedPolicyCharacters: {
    max: 6_144,
    what: 'a managed policy (characters, whitespace not counted)',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
  },
  trustPolicyCharacters: {
    max: 2_048,
    what: "a role's trust policy (characters, whitespace not counted; the default quota)",
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
  },
  stateMachineDefinitionBytes: {
    max: 1_048_576,
    what: 'a state machine definition',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html',
  },
  apiResources: {
    max: 300,
    what: 'resources of one REST API',
    source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
  },
  apiAuthorizers: {
    max: 10,
    what: 'authorizers of one REST API',
    source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
  },
  ruleTargets: {
    max: 5,
    what: 'targets of one EventBridge rule',
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html',
  },
} as const;

/** Name lengths each service accepts (the property that carries the name → its documented maximum). */
export const NAME_LENGTHS: Record<string, { property: string; max: number; source: string }> = {
  'AWS::Lambda::Function': { property: 'FunctionName', max: 64, source: 'Lambda CreateFunction API' },
  'AWS::IAM::Role': { property: 'RoleName', max: 64, source: 'IAM CreateRole API' },
  'AWS::IAM::ManagedPolicy': { property: 'ManagedPolicyName', max: 128, source: 'IAM CreatePolicy API' },
  'AWS::StepFunctions::StateMachine': {
    property: 'StateMachineName',
    max: 80,
    source: 'Step Functions CreateStateMachine API',
  },
  'AWS::SNS::Topic': { property: 'TopicName', max: 256, source: 'SNS CreateTopic API' },
  'AWS::SQS::Queue': { property: 'QueueName', max: 80, source: 'SQS CreateQueue API' },
  'AWS::Kinesis::Stream': { property: 'Name', max: 128, source: 'Kinesis CreateStream API' },
  'AWS::Logs::LogGroup': { property: 'LogGroupName', max: 512, source: 'CloudWatch Logs CreateLogGroup API' },
  'AWS::Logs::Destination': { property: 'DestinationName', max: 512, source: 'CloudWatch Logs PutDestination API' },
  'AWS::Logs::SubscriptionFilter': {
    property: 'FilterName',
    max: 512,
    source: 'CloudWatch Logs PutSubscriptionFilter API',
  },
  'AWS::Events::Rule': { property: 'Name', max: 64, source: 'EventBridge PutRule API' },
  'AWS::Events::EventBus': { property: 'Name', max: 256, source: 'EventBridge CreateEventBus API' },
  'AWS::CloudWatch::Alarm': { property: 'AlarmName', max: 255, source: 'CloudWatch PutMetricAlarm API' },
  'AWS::SecretsManager::Secret': { property: 'Name', max: 512, source: 'Secrets Manager CreateSecret API' },
  'AWS::CloudFormation::StackSet': { property: 'StackSetName', max: 128, source: 'CloudFormation CreateStackSet API' },
  'AWS::Cognito::UserPoolDomain': { property: 'Domain', max: 63, source: 'Cognito CreateUserPoolDomain API' },
};
