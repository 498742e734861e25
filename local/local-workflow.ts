import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  ConditionalCheckFailedException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { StateMachine } from 'aws-local-stepfunctions';
import { localStateMachine } from './state-machine.ts';
import type { EscalationPlan } from '../functions/core/escalation/plan.ts';
import type { WorkflowLauncher } from '../functions/core/escalation/escalation-service.ts';
import type { createPreparePageHandler, PreparePageInput } from '../functions/escalation-page/handler.ts';
import { STATES } from '../lib/constructs/escalation-definition.ts';
import { localLambdaContext } from './lambda-context.ts';
import type { LocalOutbox } from './outbox.ts';

/** One local execution, for inspection. */
export interface LocalExecution {
  readonly name: string;
  readonly input: { plan: EscalationPlan };
  /** States entered, in order. */
  readonly states: string[];
  /** Seconds each "Wait for acknowledgement" was asked to wait (before compression). */
  readonly waits: number[];
  status: 'running' | 'succeeded' | 'failed';
  error?: string;
}

/** Options of {@link LocalWorkflow}. */
export interface LocalWorkflowOptions {
  /** Milliseconds each Wait state really waits. @default 0 (compressed) */
  readonly waitMs?: number;
}

/** A DynamoDB error as Step Functions names it, so the definition's Catch matches locally too. */
class StatesDynamoError extends Error {
  public constructor(error: Error) {
    super(error.message);
    this.name = `DynamoDB.${error.name}`;
  }
}

/**
 * Runs the synthesized escalation definition in-process with aws-local-stepfunctions. Native
 * integrations are answered by the real local parts: DynamoDB tasks by dynalite, the Lambda task by
 * the real "Prepare page" handler, SNS by the outbox. Execution names are idempotent like in AWS.
 */
export class LocalWorkflow implements WorkflowLauncher {
  public readonly executions = new Map<string, LocalExecution>();
  private readonly machine: StateMachine;
  private readonly running = new Set<Promise<void>>();
  /** Executions whose plan waits first (business hours, a symptom's wait): they run when the runtime settles. */
  private readonly held: LocalExecution[] = [];
  /** Live: waits take the time they say, as in AWS (`npm start` once its replay is done). */
  private live = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Set<() => void>();

  public constructor(
    definition: Record<string, unknown>,
    private readonly dynamo: DynamoDBClient,
    private readonly preparePage: ReturnType<typeof createPreparePageHandler>,
    private readonly outbox: LocalOutbox,
    private readonly options: LocalWorkflowOptions = {},
  ) {
    this.machine = localStateMachine(definition);
  }

  public async start(name: string, input: { plan: EscalationPlan }): Promise<boolean> {
    if (this.executions.has(name)) return false;
    const execution: LocalExecution = { name, input, states: [], waits: [], status: 'running' };
    this.executions.set(name, execution);
    // Replaying, local time does not pass between deliveries: a wait at the start lasts until the runtime
    // settles, as if the deliveries that follow had come within it. Live, it lasts until its time.
    const deferUntil = input.plan.deferUntil;
    if (deferUntil && this.live) this.schedule(execution, Date.parse(deferUntil));
    else if (deferUntil) this.held.push(execution);
    else this.launch(execution);
    return true;
  }

  /**
   * From now on, run as the deployed workflow does: a held start waits until its time (a group wait,
   * business hours), Wait states wait their seconds, and an acknowledgement within them stops the
   * escalation. Executions held so far (from a replay) run at once.
   */
  public goLive(): void {
    this.live = true;
    for (const execution of this.held.splice(0)) this.launch(execution);
  }

  /** Stop without paging: scheduled starts are dropped and running executions aborted (a shutdown). */
  public stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.held.splice(0);
    for (const abort of this.aborts) abort();
  }

  private schedule(execution: LocalExecution, at: number): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.launch(execution);
      },
      Math.max(0, at - Date.now()),
    );
    this.timers.add(timer);
  }

  private launch(execution: LocalExecution): void {
    const run = this.run(execution).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Release the held executions and wait until every execution (including those started meanwhile) has finished. */
  public async drain(): Promise<void> {
    while (this.running.size > 0 || this.held.length > 0) {
      for (const execution of this.held.splice(0)) this.launch(execution);
      await Promise.all([...this.running]);
    }
  }

  private async run(execution: LocalExecution): Promise<void> {
    const wait = this.options.waitMs ?? 0;
    const dynamo = (send: (params: never) => Promise<unknown>) => async (params: unknown) => {
      try {
        return JSON.parse(JSON.stringify(await send(params as never))) as never;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new StatesDynamoError(error);
        throw error;
      }
    };
    const getItem = dynamo((p) => this.dynamo.send(new GetItemCommand(p)));
    const putItem = dynamo((p) => this.dynamo.send(new PutItemCommand(p)));
    const updateItem = dynamo((p) => this.dynamo.send(new UpdateItemCommand(p)));
    const invoke = async (params: unknown) => {
      const { Payload } = params as { Payload: PreparePageInput };
      const prepared = await this.preparePage(Payload, localLambdaContext('watchkeeper-prepare-page'));
      if (!Payload.lastResort) execution.waits.push(prepared.waitSeconds);
      return { StatusCode: 200, Payload: prepared } as never;
    };
    const publish = async (params: unknown) => (await this.outbox.record(params as PublishCommandInput)) as never;
    const { result, eventLogs, abort } = this.machine.run(execution.input as never, {
      overrides: {
        taskResourceLocalHandlers: {
          [STATES.readIncident]: getItem,
          [STATES.preparePage]: invoke,
          [STATES.prepareLastResort]: invoke,
          [STATES.publishPage]: publish,
          [STATES.publishLastResort]: publish,
          [STATES.recordPage]: putItem,
          [STATES.recordSilenced]: putItem,
          [STATES.recordExhausted]: putItem,
          [STATES.recordLastResortSilenced]: putItem,
          [STATES.markPaged]: updateItem,
          [STATES.markLastResortPaged]: updateItem,
        },
        // Live, the waits of the definition itself; replaying, compressed.
        waitTimeOverrides: this.live ? {} : { [STATES.waitBusinessHours]: wait, [STATES.waitForAck]: wait },
        retryIntervalOverrides: Object.fromEntries(Object.values(STATES).map((s) => [s, 0])),
      },
    });
    const logging = (async () => {
      for await (const event of eventLogs) {
        if (event.type === 'StateEntered') execution.states.push((event as { state: { name: string } }).state.name);
      }
    })();
    this.aborts.add(abort);
    try {
      await result;
      execution.status = 'succeeded';
    } catch (error) {
      execution.status = 'failed';
      execution.error = (error as Error).message;
    } finally {
      this.aborts.delete(abort);
    }
    await logging.catch(() => undefined);
  }
}
