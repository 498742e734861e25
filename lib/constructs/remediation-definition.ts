/** Names of the remediation workflow's states: the local runner overrides its Task states by these names. */
export const REMEDIATION_STATES = {
  approved: 'Approved already?',
  wait: 'Wait for a decision',
  check: 'Check the decision',
  decided: 'Decided?',
  run: 'Run the action',
  retry: 'Retry later?',
  giveUp: 'Give up',
  notRun: 'Not run',
  done: 'Done',
} as const;

const LAMBDA_RETRY = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.TooManyRequestsException',
    'Lambda.SdkClientException',
    'Lambda.AWSLambdaException',
  ],
  IntervalSeconds: 2,
  MaxAttempts: 4,
  BackoffRate: 2,
};

/**
 * The remediation workflow in Amazon States Language (JSONPath), one execution per action: an
 * approved action runs at once; one awaiting approval waits (a Wait/Choice loop over its state in
 * the table, as the escalation waits for an acknowledgement) until someone approves, rejects, or the
 * time runs out. The run retries while a PodDisruptionBudget holds a drain back, then gives up.
 */
export function remediationDefinition(actFunctionArn: string, pollSeconds: number): Record<string, unknown> {
  const invoke = (op: string, extra: Record<string, string> = {}) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: actFunctionArn,
      Payload: { op, 'incidentId.$': '$.incidentId', 'actionId.$': '$.actionId', ...extra },
    },
    ResultSelector: { 'status.$': '$.Payload.status', 'executionId.$': '$.Payload.executionId' },
  });
  const S = REMEDIATION_STATES;
  return {
    Comment: 'Run an action of an incident once it is approved; wait for the decision when it needs one.',
    StartAt: S.approved,
    States: {
      [S.approved]: {
        Type: 'Choice',
        Choices: [{ Variable: '$.executionId', IsPresent: true, Next: S.run }],
        Default: S.wait,
      },
      [S.wait]: { Type: 'Wait', Seconds: pollSeconds, Next: S.check },
      [S.check]: { ...invoke('check'), ResultPath: '$.checked', Retry: [LAMBDA_RETRY], Next: S.decided },
      [S.decided]: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.checked.status', StringEquals: 'awaiting-approval', Next: S.wait },
          {
            Variable: '$.checked.status',
            StringEquals: 'approved',
            Next: 'Take the run name',
          },
        ],
        Default: S.notRun,
      },
      'Take the run name': {
        Type: 'Pass',
        Parameters: {
          'incidentId.$': '$.incidentId',
          'actionId.$': '$.actionId',
          'executionId.$': '$.checked.executionId',
        },
        Next: S.run,
      },
      [S.run]: {
        ...invoke('run', { 'executionId.$': '$.executionId' }),
        ResultPath: '$.ran',
        Retry: [
          LAMBDA_RETRY,
          // A drain a PodDisruptionBudget holds back, a cluster that did not answer: the same run again.
          { ErrorEquals: ['ActionRetryable'], IntervalSeconds: 60, MaxAttempts: 5, BackoffRate: 2 },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: S.giveUp }],
        Next: S.done,
      },
      [S.giveUp]: {
        ...invoke('give-up', { 'executionId.$': '$.executionId' }),
        ResultPath: '$.ran',
        Retry: [LAMBDA_RETRY],
        Next: S.done,
      },
      [S.notRun]: { Type: 'Succeed' },
      [S.done]: { Type: 'Succeed' },
    },
  };
}
