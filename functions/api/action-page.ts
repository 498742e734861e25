import { escapeHtml } from '../core/escape-html.ts';
import { ackPage } from './ack-page.ts';
import type { ActionByLink } from '../operations/action-api.ts';

const WAITING = new Set(['suggested', 'awaiting-approval']);

/** The requests a run would send, one per line (method and path; bodies stay in the console's dry run). */
function planHtml(view: ActionByLink): string {
  if (view.planError) return `<p>It cannot be planned now: ${escapeHtml(view.planError)}</p>`;
  if (!view.plan) return '';
  const writes = view.plan.writes.map((w) =>
    w.api === 'kubernetes' ? `${w.method} ${w.path}` : `${w.api} ${w.command} ${JSON.stringify(w.input)}`,
  );
  const notes = view.plan.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return `<p>A run would send now:</p><ul>${writes.map((w) => `<li><code>${escapeHtml(w)}</code></li>`).join('') || '<li>nothing</li>'}</ul>${notes ? `<ul>${notes}</ul>` : ''}`;
}

/**
 * The page behind an action link: the action, its incident, the requests a run would send, and two
 * buttons (a link scanner following the link decides nothing). `path` is the link's own path.
 */
export function actionLinkPage(view: ActionByLink, path: string): string {
  const { action, incident } = view;
  const what = `${escapeHtml(action.description)} — for ${escapeHtml(incident.title)} on ${escapeHtml(incident.cluster)}.`;
  if (!WAITING.has(action.status))
    return ackPage('Action', `${what} It is ${escapeHtml(action.status)}${decided(view)}.`);
  if (view.closed) return ackPage('Action', `${what} Nothing can be decided any more: ${escapeHtml(view.closed)}.`);
  const form = (decision: string, label: string) =>
    `<form method="post" action="${escapeHtml(`${path}/${decision}`)}"><button type="submit">${label}</button></form> `;
  return ackPage(
    'Approve this action?',
    what,
    `${planHtml(view)}${form('approve', 'Approve')}${form('reject', 'Reject')}`,
  );
}

/** The page after a decision through a link. */
export function actionDecidedPage(view: ActionByLink, consoleLink?: string): string {
  if (view.closed) return actionLinkPage(view, '');
  const more = consoleLink ? `<p><a href="${escapeHtml(consoleLink)}">Open the incident in the console</a></p>` : '';
  const next =
    view.action.status === 'approved' || view.action.status === 'running'
      ? ' The remediation workflow runs it once; the incident timeline records every request and answer.'
      : '';
  return ackPage(
    `Action ${escapeHtml(view.action.status)}`,
    `${escapeHtml(view.action.description)}: ${escapeHtml(view.action.status)}${decided(view)}.${next}`,
    more,
  );
}

const decided = ({ action }: ActionByLink): string =>
  action.decidedBy ? ` (decided by ${escapeHtml(action.decidedBy)})` : '';
