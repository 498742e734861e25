import { useEffect, useState } from 'preact/hooks';
import type { InsightsBody } from '../api.ts';
import { api } from '../api.ts';
import type { Location } from '../router.ts';
import { navigate } from '../router.ts';

const PERIODS = [7, 30, 90] as const;
type Row = InsightsBody['overall'];

const minutes = (value: number | null) => (value === null ? '—' : `${value} min`);

function ResponseTable({
  caption,
  name,
  rows,
}: {
  caption: string;
  name: string;
  rows: Array<Row & Record<string, unknown>>;
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{name}</th>
          <th scope="col">Incidents</th>
          <th scope="col">MTTA median</th>
          <th scope="col">MTTA p90</th>
          <th scope="col">MTTR median</th>
          <th scope="col">MTTR p90</th>
          <th scope="col">Pages per incident</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={String(row[name])}>
            <th scope="row">{String(row[name])}</th>
            <td>{row.incidents}</td>
            <td>{minutes(row.mtta.median)}</td>
            <td>{minutes(row.mtta.p90)}</td>
            <td>{minutes(row.mttr.median)}</td>
            <td>{minutes(row.mttr.p90)}</td>
            <td>{row.pagesPerIncident}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How incidents were handled: MTTA, MTTR, pages, weekly counts and the noisiest rules. */
export function InsightsPage({ location }: { location: Location }) {
  const days = Number(location.params.get('days') ?? 30);
  const [insights, setInsights] = useState<InsightsBody | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api
      .insights(new Date(Date.now() - days * 86_400_000).toISOString())
      .then(setInsights, (e: Error) => setError(e.message));
  }, [days]);
  return (
    <section aria-labelledby="insights-title">
      <h1 id="insights-title">Insights</h1>
      <label htmlFor="period">
        Incidents started in the last
        <select
          id="period"
          value={String(days)}
          onChange={(e) => navigate('/insights', { days: (e.currentTarget as HTMLSelectElement).value })}
        >
          {PERIODS.map((p) => (
            <option key={p} value={String(p)}>
              {p} days
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {insights && (
        <>
          <p>
            Over the {insights.overall.incidents} incident{insights.overall.incidents === 1 ? '' : 's'} resolved
            {insights.truncated ? ' (too many to read at once: choose a shorter period)' : ''}.
          </p>
          <ResponseTable caption="Overall" name="all" rows={[{ all: 'all incidents', ...insights.overall }]} />
          <ResponseTable caption="By team" name="team" rows={insights.byTeam} />
          <ResponseTable caption="By cluster" name="cluster" rows={insights.byCluster} />
          <ResponseTable caption="By rule" name="rule" rows={insights.byRule} />
          <table>
            <caption>Incidents per week</caption>
            <thead>
              <tr>
                <th scope="col">Week of</th>
                <th scope="col">Incidents</th>
              </tr>
            </thead>
            <tbody>
              {insights.perWeek.map((w) => (
                <tr key={w.week}>
                  <th scope="row">{w.week}</th>
                  <td>{w.incidents}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Noisiest rules</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Incidents</th>
                <th scope="col">Occurrences</th>
              </tr>
            </thead>
            <tbody>
              {insights.noisiestRules.map((r) => (
                <tr key={r.rule}>
                  <th scope="row">{r.rule}</th>
                  <td>{r.incidents}</td>
                  <td>{r.occurrences}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
