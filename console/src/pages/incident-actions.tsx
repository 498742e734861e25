import { useEffect, useState } from 'preact/hooks';
import {
  APPROVABLE_ACTION_STATUSES,
  UNDECIDED_ACTION_STATUSES,
} from '../../../functions/core/actions/incident-action.ts';
import type { ActionBody, ActionList, ActionPlanBody } from '../api.ts';
import { api } from '../api.ts';
import { Time } from '../format.tsx';

/** Statuses a person may approve from (a failed run may be approved again) and reject from: the server's. */
const APPROVABLE = new Set<string>(APPROVABLE_ACTION_STATUSES);
const REJECTABLE = new Set<string>(UNDECIDED_ACTION_STATUSES);

/** One request of a dry run, as a line: the method and path, or the AWS command and its input. */
function requestLine(write: Record<string, unknown>): string {
  return write.api === 'kubernetes'
    ? `${String(write.method)} ${String(write.path)}${write.body === undefined ? '' : ` ${JSON.stringify(write.body)}`}`
    : `${String(write.api)} ${String(write.command)} ${JSON.stringify(write.input)}`;
}

/** A dry run's result: what a run would send now, and what planning noted. */
function DryRun({ plan }: { plan: ActionPlanBody | string }) {
  if (typeof plan === 'string')
    return (
      <p role="alert" class="error">
        {plan}
      </p>
    );
  return (
    <div class="dry-run">
      <p>A run would send now ({plan.reads.length} reads made to plan it):</p>
      <pre>{plan.writes.length ? plan.writes.map(requestLine).join('\n') : 'nothing'}</pre>
      {plan.notes.length > 0 && (
        <ul>
          {plan.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Who decided and when, and why it failed or could not run. */
function ActionState({ action }: { action: ActionBody }) {
  return (
    <>
      <strong>{action.status}</strong>
      {action.decidedBy && (
        <>
          {' '}
          by {action.decidedBy} <Time iso={action.decidedAt ?? action.proposedAt} />
        </>
      )}
      {action.dueAt && action.status === 'awaiting-approval' && (
        <>
          {' '}
          · rejected unless approved by <Time iso={action.dueAt} />
        </>
      )}
      {action.error && <div class="error">{action.error}</div>}
    </>
  );
}

/**
 * The incident's actions: what each would do, its mode and status, and for those waiting for a
 * person a dry run (exactly the requests a run would send), Approve and Reject.
 */
export function IncidentActions({ id, onChanged }: { id: string; onChanged: () => void }) {
  const [actions, setActions] = useState<ActionList | undefined>();
  const [plans, setPlans] = useState<Record<string, ActionPlanBody | string>>({});
  const [message, setMessage] = useState<string | undefined>();
  const load = () => api.actions(id).then(setActions, (e: Error) => setMessage(e.message));
  useEffect(() => {
    // Another incident opened meanwhile: this one's answer must not replace its actions.
    let current = true;
    setActions(undefined);
    setPlans({});
    setMessage(undefined);
    api.actions(id).then(
      (list) => current && setActions(list),
      (e: Error) => current && setMessage(e.message),
    );
    return () => {
      current = false;
    };
  }, [id]);

  const dryRun = (action: ActionBody) =>
    api.actionPlan(id, action.id).then(
      (plan) => setPlans((p) => ({ ...p, [action.id]: plan })),
      (e: Error) => setPlans((p) => ({ ...p, [action.id]: `It cannot be planned now: ${e.message}` })),
    );
  const decide = async (action: ActionBody, decision: 'approve' | 'reject') => {
    try {
      const after = await api.decideAction(id, action.id, decision);
      setMessage(`${decision === 'approve' ? 'Approved' : 'Rejected'}: ${after.description} (${after.status})`);
      await load();
      onChanged();
    } catch (e) {
      setMessage(`Refused: ${(e as Error).message}`);
    }
  };

  if (!actions || actions.items.length === 0) return null;
  return (
    <section aria-labelledby="remediation-title" class="remediation">
      <h2 id="remediation-title">Actions</h2>
      {message && <p role="status">{message}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Mode</th>
            <th scope="col">Status</th>
            <th scope="col">Decide</th>
          </tr>
        </thead>
        <tbody>
          {actions.items.map((action) => (
            <tr key={action.id}>
              <td>
                {action.description}
                {plans[action.id] && <DryRun plan={plans[action.id] as ActionPlanBody | string} />}
              </td>
              <td>{action.mode}</td>
              <td>
                <ActionState action={action} />
              </td>
              <td>
                {APPROVABLE.has(action.status) && (
                  <>
                    <button type="button" aria-label={`Dry run: ${action.description}`} onClick={() => dryRun(action)}>
                      Dry run
                    </button>{' '}
                    <button
                      type="button"
                      aria-label={`Approve: ${action.description}`}
                      onClick={() => decide(action, 'approve')}
                    >
                      {action.status === 'failed' ? 'Approve again' : 'Approve'}
                    </button>{' '}
                  </>
                )}
                {REJECTABLE.has(action.status) && (
                  <button
                    type="button"
                    aria-label={`Reject: ${action.description}`}
                    onClick={() => decide(action, 'reject')}
                  >
                    Reject
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
