import { useEffect, useState } from 'preact/hooks';
import type { StatusSummary } from '../api.ts';
import { api } from '../api.ts';
import { Time } from '../format.tsx';
import { href } from '../router.ts';

const MARK: Record<string, string> = { perfect: '✓', degraded: '!', unavailable: '✕' };

/** Minutes as hours and minutes. */
const duration = (minutes: number): string =>
  minutes === 0 ? 'none' : `${Math.floor(minutes / 60) ? `${Math.floor(minutes / 60)} h ` : ''}${minutes % 60} min`;

/** Clusters × components, perfect / degraded / unavailable, each cell leading to its open incidents. */
export function StatusGrid() {
  const [summary, setSummary] = useState<StatusSummary | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const load = () => api.summary().then(setSummary, (e: Error) => setError(e.message));
    load();
    const timer = window.setInterval(load, 15_000);
    return () => window.clearInterval(timer);
  }, []);
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!summary) return <p>Loading…</p>;
  const components = [...new Set(summary.clusters.flatMap((c) => c.components.map((x) => x.component)))].sort();
  return (
    <section aria-labelledby="status-title">
      <h1 id="status-title">Status</h1>
      <p>
        As of <Time iso={summary.generatedAt} />.
      </p>
      <table class="status-grid">
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            {components.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summary.clusters.map((cluster) => (
            <tr key={cluster.cluster}>
              <th scope="row" class={`cell-${cluster.status}`}>
                {cluster.cluster} <span class="sr-only">overall</span> {MARK[cluster.status]} {cluster.status}
              </th>
              {components.map((name) => {
                const cell = cluster.components.find((x) => x.component === name);
                const status = cell?.status ?? 'perfect';
                return (
                  <td key={name} class={`cell-${status}`} data-cluster={cluster.cluster} data-component={name}>
                    {cell && cell.openAlerts > 0 ? (
                      <a href={href('/', { cluster: cluster.cluster, component: name, status: 'open' })}>
                        {MARK[status]} {status} ({cell.openAlerts} open)
                      </a>
                    ) : (
                      <span>
                        {MARK[status]} {status}
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <table class="history">
        <caption>Time unavailable and degraded</caption>
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            <th scope="col">Unavailable, 7 days</th>
            <th scope="col">Degraded, 7 days</th>
            <th scope="col">Unavailable, 30 days</th>
            <th scope="col">Degraded, 30 days</th>
          </tr>
        </thead>
        <tbody>
          {summary.history.map((h) => (
            <tr key={h.cluster} data-cluster={h.cluster}>
              <th scope="row">{h.cluster}</th>
              <td>{duration(h.days7.unavailableMinutes)}</td>
              <td>{duration(h.days7.degradedMinutes)}</td>
              <td>{duration(h.days30.unavailableMinutes)}</td>
              <td>{duration(h.days30.degradedMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
