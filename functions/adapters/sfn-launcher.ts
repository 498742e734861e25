import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowLauncher } from '../core/escalation/escalation-service.ts';

/** Starts escalation executions; a second start under the same name is harmless. */
export class StepFunctionsLauncher implements WorkflowLauncher {
  public constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  public async start(name: string, input: unknown): Promise<boolean> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }),
      );
      return true;
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return false;
      throw error;
    }
  }
}
