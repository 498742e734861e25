import type { ActionKindName } from './catalogue.ts';
import type { ActionMode } from './action-spec.ts';

/**
 * Where an action of an incident stands: `suggested` (waits for someone to ask), `awaiting-approval`
 * (the workflow waits for a decision until `dueAt`), `approved` (to run), `running`, then
 * `succeeded` or `failed`; `rejected` and `expired` (no decision in time) never run; `unbound` when
 * the incident lacks what a parameter names (said in `error`), `disabled` when a kill switch is on.
 */
export type ActionStatus =
  | 'suggested'
  | 'awaiting-approval'
  | 'approved'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'rejected'
  | 'expired'
  | 'unbound'
  | 'disabled';

/** One action proposed for an incident by the rule of one of its alerts. */
export interface IncidentAction {
  /** `a1`, `a2` … in the order proposed; stable for the incident's life. */
  readonly id: string;
  readonly kind: ActionKindName;
  readonly mode: ActionMode;
  /** The alert whose rule proposed it and whose facts bound its parameters. */
  readonly alertId: string;
  /** The rule that names it, or `policy:<name>` for the incident's correlation policy. */
  readonly rule: string;
  /** Which action of the rule (its index): the same alert never proposes it twice. */
  readonly ruleAction: number;
  /** Bound parameters (empty while `unbound`). */
  readonly params: Readonly<Record<string, string>>;
  readonly status: ActionStatus;
  readonly proposedAt: string;
  /** `awaiting-approval`: when no decision means a rejection. */
  readonly dueAt?: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  /** Names a run: the same approval, the same name, whatever retries or clicks follow. */
  readonly executionId?: string;
  /** Approvals so far: a failed action approved again runs under a new name. */
  readonly attempts?: number;
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** Why it failed, could not be bound, or was disabled. */
  readonly error?: string;
}

/** Statuses an action stays in. */
export const FINAL_ACTION_STATUSES: readonly ActionStatus[] = [
  'succeeded',
  'failed',
  'rejected',
  'expired',
  'unbound',
  'disabled',
];

/** Statuses that wait for a person's decision: what a page offers to approve or reject. */
export const UNDECIDED_ACTION_STATUSES: readonly ActionStatus[] = ['suggested', 'awaiting-approval'];

/** Statuses an approval runs from: those waiting, and a failed run (approved again, under a new name). */
export const APPROVABLE_ACTION_STATUSES: readonly ActionStatus[] = [...UNDECIDED_ACTION_STATUSES, 'failed'];

/** The name of an action's run: incident, action and attempt (Step Functions names allow 80 characters). */
export const executionIdOf = (incidentId: string, actionId: string, attempt: number): string =>
  `${incidentId.replace(/[^\w-]/g, '_')}-${actionId}-${attempt}`.slice(0, 80);
