import { redactObject } from '../redaction/redact-object.ts';
import type { ActionPlan, ActionRequest, AwsRequest, KubeAnswer, KubeRequest } from './requests.ts';

/** Where an action's requests go: the cluster's API and AWS. */
export interface ActionTransport {
  kube(request: KubeRequest): Promise<KubeAnswer>;
  /** The command's output; throws the SDK's error. */
  aws(request: AwsRequest): Promise<unknown>;
}

/** How one request went: `done`, `already-done` (a retry found it done), `blocked` (a PodDisruptionBudget said not now), `failed`. */
export type StepOutcome = 'done' | 'already-done' | 'blocked' | 'failed';

/** One request of a run, for the audit trail: what was sent (redacted), what came back, how long. */
export interface StepRecord {
  readonly request: ActionRequest;
  readonly outcome: StepOutcome;
  /** HTTP status, or the AWS error's name. */
  readonly status: string;
  /** What came back, redacted and cut short. */
  readonly answer: string;
  readonly ms: number;
}

/** What a run did. */
export interface ActionResult {
  readonly steps: readonly StepRecord[];
  readonly outcome: 'succeeded' | 'failed';
  /** Why it failed, for people. */
  readonly error?: string;
  /** The same run may succeed later (a PodDisruptionBudget, a cluster that did not answer). */
  readonly retryable?: boolean;
}

/** AWS errors that mean a retry found the change made: the entry is gone, logging is on already. */
const AWS_ALREADY_DONE = new Set(['ResourceNotFoundException']);
const NO_CHANGE = /no changes needed/i;

const short = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(redactObject(value) ?? null);
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
};

/** A request as the audit keeps it: bodies redacted (a manifest may carry a token). */
const audited = (request: ActionRequest): ActionRequest =>
  request.api === 'kubernetes'
    ? { ...request, ...(request.body === undefined ? {} : { body: redactObject(request.body) }) }
    : { ...request, input: redactObject(request.input) as Record<string, unknown> };

/**
 * Send a plan's writes in order and record each. A write that fails stops the run (what follows
 * depends on it); an eviction a PodDisruptionBudget refuses (429) is recorded as blocked and the
 * drain goes on with the other pods, failing at the end so that it is retried.
 */
export async function executePlan(
  plan: ActionPlan,
  transport: ActionTransport,
  clock: () => number = Date.now,
): Promise<ActionResult> {
  const steps: StepRecord[] = [];
  let blocked = 0;
  for (const request of plan.writes) {
    const started = clock();
    const record = (outcome: StepOutcome, status: string, answer: unknown) =>
      steps.push({ request: audited(request), outcome, status, answer: short(answer), ms: clock() - started });
    if (request.api === 'kubernetes') {
      let answer: KubeAnswer;
      try {
        answer = await transport.kube(request);
      } catch (error) {
        record('failed', 'network', (error as Error).message);
        return {
          steps,
          outcome: 'failed',
          error: `${request.method} ${request.path}: ${(error as Error).message}`,
          retryable: true,
        };
      }
      const status = String(answer.status);
      if (answer.status >= 200 && answer.status < 300) record('done', status, answer.body);
      else if (request.alreadyDone?.includes(answer.status)) record('already-done', status, answer.body);
      else if (answer.status === 429 && request.path.endsWith('/eviction')) {
        record('blocked', status, answer.body);
        blocked++;
      } else {
        record('failed', status, answer.body);
        const message = (answer.body as { message?: string } | undefined)?.message ?? `answered ${status}`;
        return { steps, outcome: 'failed', error: `${request.method} ${request.path}: ${message}` };
      }
      continue;
    }
    try {
      record('done', 'ok', await transport.aws(request));
    } catch (error) {
      const e = error as Error;
      if (AWS_ALREADY_DONE.has(e.name) || NO_CHANGE.test(e.message)) record('already-done', e.name, e.message);
      else {
        record('failed', e.name, e.message);
        return { steps, outcome: 'failed', error: `${request.api} ${request.command}: ${e.message}` };
      }
    }
  }
  if (blocked > 0)
    return {
      steps,
      outcome: 'failed',
      error: `${blocked} evictions refused by a PodDisruptionBudget: retried later`,
      retryable: true,
    };
  return { steps, outcome: 'succeeded' };
}
