import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AlertDetail, IncidentDetail, Timeline } from '../api.ts';
import { api } from '../api.ts';
import { Severity, Status, Time } from '../format.tsx';
import { href } from '../router.ts';
import { IncidentActions } from './incident-actions.tsx';

/** Runbook Markdown as sanitized HTML (runbooks are ours, but users add rules with their own). */
function Runbook({ markdown }: { markdown?: string | null }) {
  if (!markdown) return <p>No runbook.</p>;
  const html = DOMPurify.sanitize(marked.parse(markdown, { async: false }));
  // Sanitized just above: scripts, handlers and unsafe URLs are gone.
  return <div class="runbook" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The post-incident review draft (Markdown, to copy into the team's document), loaded when opened. */
function ReviewDraft({ id }: { id: string }) {
  const [markdown, setMarkdown] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api.review(id).then(
      (r) => setMarkdown(r.markdown),
      (e: Error) => setError(e.message),
    );
  }, [id]);
  if (error) return <p class="error">{error}</p>;
  if (markdown === undefined) return <p>Drafting…</p>;
  return (
    <textarea class="review" aria-label="Post-incident review draft (Markdown)" readOnly rows={24} value={markdown} />
  );
}

/** A ticket in a tracker, by its key. */
function TicketLink({ label, ticket }: { label: string; ticket: NonNullable<IncidentDetail['ticket']> }) {
  return (
    <>
      {label}:{' '}
      <a href={ticket.url} rel="noopener noreferrer" target="_blank">
        {ticket.key}
      </a>{' '}
      ({ticket.tracker === 'github' ? 'GitHub' : 'Jira'}, {ticket.team})
    </>
  );
}

/** One alert's evidence and actors, loaded when opened. */
function AlertEvidence({ id }: { id: string }) {
  const [alert, setAlert] = useState<AlertDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api.alert(id).then(setAlert, (e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p class="error">{error}</p>;
  if (!alert) return <p>Loading…</p>;
  return (
    <div class="evidence">
      <h4>Actors</h4>
      <ul>
        {alert.actors.map((actor, i) => (
          <li key={i}>
            {String(actor.username ?? 'unknown')}
            {actor.arn ? ` — ${String(actor.arn)}` : ''}
            {actor.via ? <small> ({String(actor.via)})</small> : null}
          </li>
        ))}
      </ul>
      <h4>Evidence</h4>
      <pre>{JSON.stringify(alert.samples.slice(0, 2), null, 2)}</pre>
    </div>
  );
}

/** An incident: what happened, its alerts, what to do, and what was done. */
export function IncidentPage({ id }: { id: string }) {
  const [incident, setIncident] = useState<IncidentDetail | undefined>();
  const [timeline, setTimeline] = useState<Timeline | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [opened, setOpened] = useState<string | undefined>();

  const load = () =>
    Promise.all([api.incident(id), api.timeline(id)]).then(
      ([next, entries]) => {
        setIncident(next);
        setTimeline(entries);
        setError(undefined);
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    load();
  }, [id]);

  /** Run an action from a form, then reload; the API's answer is shown either way. */
  const act = (run: (form: FormData) => Promise<unknown>, done: string) => async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    try {
      await run(new FormData(form));
      setMessage(done);
      form.reset();
      await load();
    } catch (e) {
      setMessage(`Refused: ${(e as Error).message}`);
    }
  };
  const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!incident) return <p>Loading…</p>;
  const open = incident.status !== 'resolved' && !incident.mergedInto;
  return (
    <article aria-labelledby="incident-title">
      <p>
        <a href={href('/')}>← Incidents</a>
      </p>
      <h1 id="incident-title">{incident.title}</h1>
      <p class="facts">
        <Severity value={incident.severity} /> <Status value={incident.status} /> on <strong>{incident.cluster}</strong>
        {incident.account ? ` (account ${incident.account}, ${incident.region ?? 'unknown region'})` : ''}
        {incident.namespace ? ` / ${incident.namespace}` : ''} · policy {incident.policy}
        {incident.subject ? ` · ${incident.subject}` : ''} · started <Time iso={incident.startedAt} /> · team{' '}
        {incident.team}
      </p>
      {incident.mergedInto && (
        <p>
          Merged into <a href={href(`/incidents/${incident.mergedInto}`)}>{incident.mergedInto}</a>.
        </p>
      )}
      <p>{incident.summary}</p>
      {incident.probableCause && (
        <p>
          <strong>Probable cause:</strong> {incident.probableCause}
        </p>
      )}
      <p>
        Paged: {incident.pagedTeams.length ? incident.pagedTeams.join(', ') : 'nobody yet'}
        {incident.paging && (
          <>
            {' '}
            · now paging <strong>{incident.paging.team}</strong>
            {incident.paging.tier ? ` (tier ${incident.paging.tier})` : ' (last resort)'} since{' '}
            <Time iso={incident.paging.at} />
            {incident.paging.nextDueAt && (
              <>
                {' '}
                · next tier due <Time iso={incident.paging.nextDueAt} />
              </>
            )}
          </>
        )}
        {incident.acknowledgedBy ? ` · acknowledged by ${incident.acknowledgedBy}` : ''}
        {incident.resolvedBy ? ` · resolved by ${incident.resolvedBy}: ${incident.resolution ?? ''}` : ''}
      </p>
      {(incident.ticket || incident.reviewTicket) && (
        <p class="tickets">
          {incident.ticket && <TicketLink label="Ticket" ticket={incident.ticket} />}
          {incident.ticket && incident.reviewTicket && ' · '}
          {incident.reviewTicket && <TicketLink label="Review" ticket={incident.reviewTicket} />}
        </p>
      )}
      {message && (
        <p role="status" class="message">
          {message}
        </p>
      )}

      <h2>Alerts</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Status</th>
            <th scope="col">Alert</th>
            <th scope="col">Count</th>
            <th scope="col">First seen</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {incident.alerts.map((a) => (
            <Fragment key={a.id}>
              <tr>
                <td>
                  <Severity value={a.severity} />
                </td>
                <td>
                  <Status value={a.status} />
                </td>
                <td>
                  {a.title}
                  {a.subject ? ` — ${a.subject}` : ''}
                  {a.symptom ? <em> (symptom)</em> : null}
                </td>
                <td>{a.count}</td>
                <td>
                  <Time iso={a.firstSeen} />
                </td>
                <td>
                  <Time iso={a.lastSeen} />
                </td>
                <td>
                  <button type="button" onClick={() => setOpened(opened === a.id ? undefined : a.id)}>
                    {opened === a.id ? 'Hide evidence' : 'Evidence'}
                  </button>
                  {open && incident.alerts.length > 1 && (
                    <form class="inline" onSubmit={act(() => api.split(id, a.id), `Moved ${a.title} out`)}>
                      <button type="submit">Move out</button>
                    </form>
                  )}
                </td>
              </tr>
              {opened === a.id && (
                <tr>
                  <td colSpan={7}>
                    <AlertEvidence id={a.id} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>

      {open && (
        <section aria-labelledby="actions-title" class="actions">
          <h2 id="actions-title">Act</h2>
          {incident.status === 'open' && (
            <form onSubmit={act((f) => api.acknowledge(id, text(f, 'comment') || undefined), 'Acknowledged')}>
              <label>
                Comment (optional) <input name="comment" />
              </label>
              <button type="submit">Acknowledge</button>
            </form>
          )}
          <form onSubmit={act((f) => api.note(id, text(f, 'text')), 'Note added')}>
            <label>
              Note <textarea name="text" required rows={2} />
            </label>
            <button type="submit">Add note</button>
          </form>
          <form onSubmit={act((f) => api.resolve(id, text(f, 'resolution')), 'Resolved')}>
            <label>
              Resolution <textarea name="resolution" required rows={2} />
            </label>
            <button type="submit">Resolve</button>
          </form>
          <form onSubmit={act((f) => api.merge(id, text(f, 'into')), 'Merged')}>
            <label>
              Merge into incident <input name="into" required />
            </label>
            <button type="submit">Merge</button>
          </form>
        </section>
      )}

      <IncidentActions id={incident.id} onChanged={load} />

      {incident.status === 'resolved' && !incident.mergedInto && (
        <details>
          <summary>Post-incident review draft</summary>
          <ReviewDraft id={incident.id} />
          {incident.tracker && !incident.reviewTicket && (
            <form
              onSubmit={act(
                () => api.fileReview(id),
                `Asked: the review is filed in ${incident.team}'s tracker within a minute`,
              )}
            >
              <button type="submit">File the review in {incident.team}'s tracker</button>
            </form>
          )}
        </details>
      )}

      <h2>Runbook</h2>
      <Runbook markdown={incident.runbook.markdown} />

      <h2>Previous resolutions of {incident.rule}</h2>
      {incident.previousResolutions.length === 0 ? (
        <p>None on this cluster yet.</p>
      ) : (
        <ul class="knowledge">
          {incident.previousResolutions.map((r) => (
            <li key={r.id}>
              <Time iso={r.resolvedAt} /> by {r.resolvedBy ?? 'someone'}: {r.resolution ?? '—'} ({r.count} occurrences)
            </li>
          ))}
        </ul>
      )}

      <h2>Changes before it</h2>
      {incident.changes.length === 0 ? (
        <p>No change to this cluster in the 30 minutes before.</p>
      ) : (
        <ul>
          {incident.changes.map((c) => (
            <li key={`${c.at}${c.what}`}>
              <Time iso={c.at} /> {c.actor}: {c.what} ({c.title})
            </li>
          ))}
        </ul>
      )}

      <h2>Timeline</h2>
      <ol class="timeline">
        {timeline?.items.map((entry, i) => (
          <li key={i}>
            <Time iso={entry.at} /> <strong>{entry.kind}</strong> {entry.by}: {entry.text}
          </li>
        ))}
      </ol>
    </article>
  );
}
