import { useEffect, useRef, useState } from 'preact/hooks';
import type { IncidentCounts, IncidentPage } from '../api.ts';
import { api } from '../api.ts';
import { Severity, Status, Time } from '../format.tsx';
import type { Location } from '../router.ts';
import { href, navigate } from '../router.ts';
import { VALUE_FILTERS } from '../../../functions/core/api/list-filters.ts';

/** The filters of the queue, all kept in the URL: those of the API's lists but the time range. */
const FILTERS = VALUE_FILTERS;
const CHOICES: Partial<Record<(typeof FILTERS)[number], readonly string[]>> = {
  status: ['open', 'acknowledged', 'resolved'],
  severity: ['critical', 'high', 'medium', 'low', 'info'],
  category: ['security', 'reliability', 'capacity', 'change'],
};
const REFRESH_MS = 15_000;

/** The queue: incidents newest first, filtered, paged by cursor, refreshed in place. */
export function Queue({ location }: { location: Location }) {
  const params = location.params;
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]));
  const since = params.get('since') ?? undefined;
  const until = params.get('until') ?? undefined;
  const cursor = params.get('cursor') ?? undefined;
  const key = params.toString();
  const [page, setPage] = useState<IncidentPage | undefined>();
  const [counts, setCounts] = useState<IncidentCounts | undefined>();
  const [error, setError] = useState<string | undefined>();
  const previous = useRef<string[]>([]);

  useEffect(() => {
    let live = true;
    const { status: _status, ...unstatused } = filters;
    api.counts({ ...unstatused, since, until }).then(
      (next) => live && setCounts(next),
      () => undefined,
    );
    const load = () =>
      api
        .incidents({ ...filters, since, until, cursor, limit: '25' })
        .then((next) => {
          if (live) {
            setPage(next);
            setError(undefined);
          }
        })
        .catch((e: Error) => live && setError(e.message));
    load();
    // Only the first page refreshes: later pages stay as they were paged to. The rows update in place,
    // so the scroll position is kept.
    const timer = cursor ? undefined : window.setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      if (timer) window.clearInterval(timer);
    };
  }, [key]);

  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    previous.current = [];
    navigate(
      '/',
      Object.fromEntries(
        [...FILTERS, 'since', 'until'].map((f) => {
          const value = String(form.get(f) ?? '').trim();
          return [f, f === 'since' || f === 'until' ? (value ? new Date(value).toISOString() : undefined) : value];
        }),
      ),
    );
  };
  const current = Object.fromEntries([...params].filter(([k]) => k !== 'cursor'));

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Incidents</h1>
      <form class="filters" onSubmit={submit} aria-label="Filter incidents">
        {FILTERS.map((f) => (
          <label key={f} htmlFor={`filter-${f}`}>
            {f}
            {CHOICES[f] ? (
              <select id={`filter-${f}`} name={f} value={filters[f] ?? ''}>
                <option value="">any</option>
                {CHOICES[f]?.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input id={`filter-${f}`} name={f} value={filters[f] ?? ''} size={14} />
            )}
          </label>
        ))}
        <label>
          since
          <input type="datetime-local" name="since" value={since ? since.slice(0, 16) : ''} />
        </label>
        <label>
          until
          <input type="datetime-local" name="until" value={until ? until.slice(0, 16) : ''} />
        </label>
        <button type="submit">Apply filters</button>
        <a href={href('/')}>Clear</a>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {counts && (
        <nav class="counts" aria-label="Incidents per status">
          {(['open', 'acknowledged', 'resolved'] as const).map((status) => (
            <a key={status} href={href('/', { ...current, cursor: undefined, status })}>
              {status} {counts[status].count}
              {counts[status].atLeast ? '+' : ''}
            </a>
          ))}
        </nav>
      )}
      {page && (
        <>
          <p aria-live="polite">
            {page.items.length} incident{page.items.length === 1 ? '' : 's'} on this page
            {params.get('status') ? ` (${params.get('status')})` : ''}
          </p>
          <table class="queue">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Incident</th>
                <th scope="col">Cluster</th>
                <th scope="col">Alerts</th>
                <th scope="col">Team</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Severity value={i.severity} />
                  </td>
                  <td>
                    <Status value={i.status} />
                  </td>
                  <td>
                    <a href={href(`/incidents/${i.id}`)}>{i.title}</a>
                  </td>
                  <td>{i.cluster}</td>
                  <td>
                    {i.openAlerts}/{i.alertCount}
                  </td>
                  <td>{i.team}</td>
                  <td>
                    <Time iso={i.startedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Pages">
            <button
              type="button"
              disabled={!cursor}
              onClick={() => navigate('/', { ...current, cursor: previous.current.pop() })}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={!page.nextCursor}
              onClick={() => {
                previous.current.push(cursor ?? '');
                navigate('/', { ...current, cursor: page.nextCursor ?? undefined });
              }}
            >
              Next page
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
