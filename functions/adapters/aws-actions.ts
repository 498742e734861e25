import {
  DeleteAccessEntryCommand,
  DisassociateAccessPolicyCommand,
  type EKSClient,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import type { UpdateClusterConfigCommandInput } from '@aws-sdk/client-eks';
import { GetAutomationExecutionCommand, type SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import type { AwsRequest } from '../core/actions/requests.ts';

/** An SSM Automation that ended other than in success. */
export class AutomationFailedError extends Error {
  public constructor(id: string, status: string, reason?: string) {
    super(`automation ${id} ended ${status}${reason ? `: ${reason}` : ''}`);
    this.name = 'AutomationFailedError';
  }
}

const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled', 'CompletedWithFailure', 'Rejected']);

/** Options of {@link AwsActions}. */
export interface AwsActionsOptions {
  readonly eks: Pick<EKSClient, 'send'>;
  readonly ssm: Pick<SSMClient, 'send'>;
  /** How long an automation is awaited, and how often it is asked about. */
  readonly automationWaitMs?: number;
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The AWS side of actions: the EKS and SSM commands the catalogue names, nothing else. */
export class AwsActions {
  public constructor(private readonly options: AwsActionsOptions) {}

  public async send(request: AwsRequest): Promise<unknown> {
    const { eks, ssm } = this.options;
    const input = request.input as never;
    switch (request.command) {
      case 'UpdateClusterConfig':
        return (await eks.send(new UpdateClusterConfigCommand(input as UpdateClusterConfigCommandInput))).update;
      case 'DeleteAccessEntry':
        await eks.send(new DeleteAccessEntryCommand(input));
        return {};
      case 'DisassociateAccessPolicy':
        await eks.send(new DisassociateAccessPolicyCommand(input));
        return {};
      case 'StartAutomationExecution': {
        const started = await ssm.send(new StartAutomationExecutionCommand(input));
        return this.awaitAutomation(started.AutomationExecutionId ?? '');
      }
      default:
        throw new Error(`${request.api} ${request.command} is not an action's command`);
    }
  }

  /** Ask about the automation until it ends; its outputs when it succeeded. */
  private async awaitAutomation(id: string): Promise<unknown> {
    const { ssm, automationWaitMs = 10 * 60_000, pollMs = 10_000 } = this.options;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    for (let waited = 0; waited <= automationWaitMs; waited += pollMs) {
      const { AutomationExecution: run } = await ssm.send(
        new GetAutomationExecutionCommand({ AutomationExecutionId: id }),
      );
      const status = run?.AutomationExecutionStatus ?? 'Pending';
      if (TERMINAL.has(status)) {
        if (status !== 'Success') throw new AutomationFailedError(id, status, run?.FailureMessage);
        return { automationExecutionId: id, status, outputs: run?.Outputs ?? {} };
      }
      await sleep(pollMs);
    }
    throw new AutomationFailedError(
      id,
      'still running',
      `not done after ${automationWaitMs / 60_000} minutes; see it in Systems Manager`,
    );
  }
}
