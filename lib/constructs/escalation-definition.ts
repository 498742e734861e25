/** Names of the workflow's states: the local runner overrides its Task states by these names. */
export const STATES = {
  deferred: 'Deferred?',
  waitBusinessHours: 'Wait for business hours',
  start: 'Start',
  readIncident: 'Read incident',
  stillOpen: 'Still unacknowledged?',
  moreSteps: 'More tiers?',
  preparePage: 'Prepare page',
  silenced: 'Silenced?',
  publishPage: 'Publish page',
  recordPage: 'Record page',
  markPaged: 'Mark paged',
  recordSilenced: 'Record silenced page',
  waitForAck: 'Wait for acknowledgement',
  nextStep: 'Next tier',
  prepareLastResort: 'Prepare last resort',
  lastResortSilenced: 'Last resort silenced?',
  publishLastResort: 'Publish last resort',
  recordExhausted: 'Record exhausted',
  markLastResortPaged: 'Mark last resort paged',
  recordLastResortSilenced: 'Record silenced last resort',
  stopped: 'Acknowledged, resolved, merged or superseded',
  exhausted: 'Tiers exhausted',
} as const;

/** Task states that retry transient service errors. */
const RETRY = [
  {
    ErrorEquals: [
      'States.TaskFailed',
      'Lambda.ServiceException',
      'Lambda.TooManyRequestsException',
      'Lambda.SdkClientException',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 4,
    BackoffRate: 2,
  },
];

/**
 * The escalation workflow in Amazon States Language (JSONPath). Tier by tier: read the incident,
 * stop if it was acknowledged, resolved, merged into another or re-escalated at another severity; otherwise prepare the page (fresh counts, signed link, silences), publish it with the
 * native SNS integration, record it with the native DynamoDB integration, and wait for the
 * acknowledgement timeout. When the tiers run out, the last resort is told and it is recorded.
 */
export function escalationDefinition(tableName: string, preparePageArn: string): Record<string, unknown> {
  // The very item the store reads: its key is in the plan, built by the store (KEYS in the table design).
  const incidentKey = { pk: { 'S.$': '$.plan.key.pk' }, sk: { 'S.$': '$.plan.key.sk' } };
  const markPaged = (next: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::dynamodb:updateItem',
    Parameters: {
      TableName: tableName,
      Key: incidentKey,
      // Bumping the version makes concurrent Lambda writers re-read instead of overwriting the set.
      UpdateExpression: 'ADD pagedTeams :team, pageCount :one SET #version = #version + :one, paging = :paging',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: {
        ':team': { 'SS.$': 'States.Array($.prepared.team)' },
        ':one': { N: '1' },
        ':paging': { 'M.$': '$.prepared.pagingItem' },
      },
    },
    ResultPath: null,
    Retry: [
      {
        ErrorEquals: [
          'DynamoDB.ProvisionedThroughputExceededException',
          'DynamoDB.ThrottlingException',
          'DynamoDB.InternalServerErrorException',
        ],
        IntervalSeconds: 1,
        MaxAttempts: 4,
        BackoffRate: 2,
      },
    ],
    Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: null, Next: next }],
    Next: next,
  });
  const prepare = (lastResort: boolean, next: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: preparePageArn, Payload: { 'plan.$': '$.plan', 'cursor.$': '$.cursor', lastResort } },
    ResultSelector: {
      'team.$': '$.Payload.team',
      'silenced.$': '$.Payload.silenced',
      'topicArn.$': '$.Payload.topicArn',
      'subject.$': '$.Payload.subject',
      'message.$': '$.Payload.message',
      'messageAttributes.$': '$.Payload.messageAttributes',
      'timelineItem.$': '$.Payload.timelineItem',
      'pagingItem.$': '$.Payload.pagingItem',
      'waitSeconds.$': '$.Payload.waitSeconds',
    },
    ResultPath: '$.prepared',
    Retry: RETRY,
    Next: next,
  });
  const publish = (next: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::sns:publish',
    Parameters: {
      'TopicArn.$': '$.prepared.topicArn',
      'Subject.$': '$.prepared.subject',
      'Message.$': '$.prepared.message',
      MessageStructure: 'json',
      'MessageAttributes.$': '$.prepared.messageAttributes',
    },
    ResultPath: null,
    Retry: RETRY,
    Next: next,
  });
  const record = (next: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::dynamodb:putItem',
    Parameters: { TableName: tableName, 'Item.$': '$.prepared.timelineItem' },
    ResultPath: null,
    Retry: RETRY,
    Next: next,
  });
  const silenced = (whenSilenced: string, otherwise: string) => ({
    Type: 'Choice',
    Choices: [{ Variable: '$.prepared.silenced', BooleanEquals: true, Next: whenSilenced }],
    Default: otherwise,
  });
  return {
    Comment: 'Watchkeeper escalation: page tier by tier until acknowledged or resolved',
    StartAt: STATES.deferred,
    States: {
      [STATES.deferred]: {
        Type: 'Choice',
        Choices: [{ Variable: '$.plan.deferUntil', IsPresent: true, Next: STATES.waitBusinessHours }],
        Default: STATES.start,
      },
      [STATES.waitBusinessHours]: { Type: 'Wait', TimestampPath: '$.plan.deferUntil', Next: STATES.start },
      [STATES.start]: {
        Type: 'Pass',
        Parameters: { 'plan.$': '$.plan', cursor: 0, 'stepCount.$': 'States.ArrayLength($.plan.steps)' },
        Next: STATES.readIncident,
      },
      [STATES.readIncident]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:getItem',
        Parameters: { TableName: tableName, Key: incidentKey, ConsistentRead: true },
        ResultPath: '$.read',
        Retry: RETRY,
        Next: STATES.stillOpen,
      },
      [STATES.stillOpen]: {
        Type: 'Choice',
        Choices: [
          { Not: { Variable: '$.read.Item', IsPresent: true }, Next: STATES.stopped },
          { Variable: '$.read.Item.mergedInto.S', IsPresent: true, Next: STATES.stopped },
          { Variable: '$.read.Item.status.S', StringEquals: 'acknowledged', Next: STATES.stopped },
          { Variable: '$.read.Item.status.S', StringEquals: 'resolved', Next: STATES.stopped },
          {
            And: [
              { Variable: '$.read.Item.escalatedSeverity.S', IsPresent: true },
              { Not: { Variable: '$.read.Item.escalatedSeverity.S', StringEqualsPath: '$.plan.incidentSeverity' } },
            ],
            Next: STATES.stopped,
          },
        ],
        Default: STATES.moreSteps,
      },
      [STATES.moreSteps]: {
        Type: 'Choice',
        Choices: [{ Variable: '$.cursor', NumericLessThanPath: '$.stepCount', Next: STATES.preparePage }],
        Default: STATES.prepareLastResort,
      },
      [STATES.preparePage]: prepare(false, STATES.silenced),
      [STATES.silenced]: silenced(STATES.recordSilenced, STATES.publishPage),
      [STATES.publishPage]: publish(STATES.recordPage),
      [STATES.recordPage]: record(STATES.markPaged),
      [STATES.markPaged]: markPaged(STATES.waitForAck),
      [STATES.recordSilenced]: record(STATES.waitForAck),
      [STATES.waitForAck]: { Type: 'Wait', SecondsPath: '$.prepared.waitSeconds', Next: STATES.nextStep },
      [STATES.nextStep]: {
        Type: 'Pass',
        Parameters: { 'plan.$': '$.plan', 'cursor.$': 'States.MathAdd($.cursor, 1)', 'stepCount.$': '$.stepCount' },
        Next: STATES.readIncident,
      },
      [STATES.prepareLastResort]: prepare(true, STATES.lastResortSilenced),
      [STATES.lastResortSilenced]: silenced(STATES.recordLastResortSilenced, STATES.publishLastResort),
      [STATES.publishLastResort]: publish(STATES.recordExhausted),
      [STATES.recordExhausted]: record(STATES.markLastResortPaged),
      [STATES.markLastResortPaged]: markPaged(STATES.exhausted),
      [STATES.recordLastResortSilenced]: record(STATES.exhausted),
      [STATES.stopped]: { Type: 'Succeed' },
      [STATES.exhausted]: { Type: 'Succeed' },
    },
  };
}
