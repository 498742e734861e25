import type { StateMachine } from 'aws-local-stepfunctions';
import { localStateMachine } from './state-machine.ts';
import type { ActInput, createActHandler } from '../functions/act/handler.ts';
import type { RemediationInput, RemediationLauncher } from '../functions/core/actions/remediation.ts';
import { REMEDIATION_STATES } from '../lib/constructs/remediation-definition.ts';
import { localLambdaContext } from './lambda-context.ts';

/** One local remediation execution, for inspection. */
export interface LocalRemediationExecution {
  readonly name: string;
  readonly input: RemediationInput;
  readonly states: string[];
  status: 'running' | 'succeeded' | 'failed' | 'aborted';
  error?: string;
}

/**
 * Runs the synthesized remediation definition in-process with aws-local-stepfunctions, its Lambda
 * tasks answered by the real act handler. Execution names are idempotent as in AWS. A wait for a
 * decision really waits `pollMs` between looks (the local runner has no task tokens); `close` stops
 * what still waits.
 */
export class LocalRemediation implements RemediationLauncher {
  public readonly executions = new Map<string, LocalRemediationExecution>();
  private readonly machine: StateMachine;
  private readonly running = new Map<string, { result: Promise<void>; abort(): void }>();

  public constructor(
    definition: Record<string, unknown>,
    private readonly act: ReturnType<typeof createActHandler>,
    private readonly pollMs = 1000,
  ) {
    this.machine = localStateMachine(definition);
  }

  public async start(name: string, input: RemediationInput): Promise<boolean> {
    if (this.executions.has(name)) return false;
    const execution: LocalRemediationExecution = { name, input, states: [], status: 'running' };
    this.executions.set(name, execution);
    const invoke = async (params: unknown) => {
      const { Payload } = params as { Payload: ActInput };
      try {
        return { StatusCode: 200, Payload: await this.act(Payload, localLambdaContext('watchkeeper-act')) } as never;
      } catch (error) {
        // As Lambda reports it: the error's name is what Retry and Catch match.
        const named = new Error((error as Error).message);
        named.name = (error as Error).name;
        throw named;
      }
    };
    const S = REMEDIATION_STATES;
    const run = this.machine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: { [S.check]: invoke, [S.run]: invoke, [S.giveUp]: invoke },
        waitTimeOverrides: { [S.wait]: this.pollMs },
        retryIntervalOverrides: { [S.check]: 0, [S.run]: 0, [S.giveUp]: 0 },
      },
    });
    const logging = (async () => {
      for await (const event of run.eventLogs)
        if (event.type === 'StateEntered') execution.states.push((event as { state: { name: string } }).state.name);
    })();
    const result = run.result.then(
      () => {
        execution.status = 'succeeded';
      },
      (error: Error) => {
        if (execution.status === 'running') execution.status = 'failed';
        execution.error = error.message;
      },
    );
    this.running.set(name, {
      result: result.then(() => logging.catch(() => undefined)).finally(() => this.running.delete(name)),
      abort: () => {
        execution.status = 'aborted';
        run.abort();
      },
    });
    return true;
  }

  /** Wait until every execution that does not wait for a person has ended. */
  public async settle(): Promise<void> {
    for (;;) {
      const busy = [...this.running].filter(([name]) => this.executions.get(name)?.input.executionId);
      if (busy.length === 0) return;
      await Promise.all(busy.map(([, r]) => r.result));
    }
  }

  /** Wait for one execution to end. */
  public async finished(name: string): Promise<LocalRemediationExecution | undefined> {
    await this.running.get(name)?.result;
    return this.executions.get(name);
  }

  /** Stop every execution still waiting. */
  public close(): void {
    for (const r of this.running.values()) r.abort();
  }
}
