import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RemediationService } from '../core/actions/remediation.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { logger, metrics } from '../shared/powertools.ts';
import { lambdaRemediationService } from '../shared/remediation-deps.ts';

/** What a state of the remediation workflow asks. */
export interface ActInput {
  readonly op: 'check' | 'run' | 'give-up';
  readonly incidentId: string;
  readonly actionId: string;
  readonly executionId?: string;
}

/** What it answers: the action's status, and the name of its run once approved. */
export interface ActOutput {
  readonly status: string;
  readonly executionId: string | null;
}

/**
 * The remediation workflow's function: look at a pending decision, run an approved action (once),
 * or give up after the retries. An `ActionRetryable` error makes the workflow retry the same run.
 */
export function createActHandler(service: () => RemediationService) {
  // Metrics flushed by hand: the workflow's many 'check' polls have none to publish (and would warn).
  return lambdaHandler<ActInput, ActOutput>().handler(async (input) => {
    logger.appendKeys({ incidentId: input.incidentId, actionId: input.actionId });
    const remediation = service();
    const action =
      input.op === 'check'
        ? await remediation.check(input.incidentId, input.actionId)
        : input.op === 'run'
          ? await remediation.run(input.incidentId, input.actionId, input.executionId ?? '')
          : await remediation.giveUp(input.incidentId, input.actionId, input.executionId ?? '', 'the workflow gave up');
    if (input.op !== 'check') {
      metrics.addMetric(
        action.status === 'succeeded' ? 'ActionsSucceeded' : 'ActionsNotSucceeded',
        MetricUnit.Count,
        1,
      );
      metrics.publishStoredMetrics();
    }
    logger.info('action', { op: input.op, status: action.status, kind: action.kind });
    return { status: action.status, executionId: action.executionId ?? null };
  });
}

/** The Lambda entry point. */
export const handler = createActHandler(lambdaRemediationService);
