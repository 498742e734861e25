import type { AlertDetail, AlertPage, AlertSummary, Timeline } from '../../functions/operations/schemas.ts';
import { LIST_FILTERS } from '../../functions/core/api/list-query.ts';
import type { Out } from './api-command.ts';
import { apiClientOf, guard, parseApiCommand, print } from './api-command.ts';
import { columns, pad } from './columns.ts';
import { UsageError } from './usage-error.ts';

function alertRows(items: readonly AlertSummary[]): string {
  return columns(
    [26, 9, 13, 7, 14, 26],
    ['ID', 'SEVERITY', 'STATUS', 'COUNT', 'CLUSTER', 'INCIDENT', 'TITLE'],
    items.map((a) => [a.id, a.severity, a.status, String(a.count), a.cluster, a.incidentId ?? '-', a.title]),
  );
}

function alertText(alert: AlertDetail, timeline: Timeline): string {
  return [
    `${alert.id}  [${alert.severity}] ${alert.status}  ${alert.title}`,
    `  ${alert.summary}`,
    `  cluster ${alert.cluster}${alert.account ? ` (account ${alert.account}, ${alert.region ?? 'unknown region'})` : ''}${alert.namespace ? `, namespace ${alert.namespace}` : ''}; team ${alert.team}; ${alert.count} occurrence(s) since ${alert.firstSeen}; incident ${alert.incidentId ?? '-'}`,
    `  actors: ${alert.actors.map((a) => String(a.arn ?? a.username)).join(', ') || '-'}`,
    `  runbook: ${alert.runbook.path}`,
    '  timeline:',
    ...timeline.items.map((e) => `    ${e.at}  ${pad(e.kind, 16)}${pad(e.by, 24)}${e.text}`),
    '',
  ].join('\n');
}

/** `watchkeeper alerts list|show …`: the fingerprint level under the incidents. */
export async function alertsCommand(argv: string[], out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseApiCommand(rest, {
    ...(Object.fromEntries(LIST_FILTERS.map((f) => [f, { type: 'string' }])) as Record<
      (typeof LIST_FILTERS)[number],
      { type: 'string' }
    >),
    limit: { type: 'string' },
  });
  const api = apiClientOf(values);
  return guard(out, async () => {
    switch (sub) {
      case 'list': {
        const query = new URLSearchParams();
        for (const f of LIST_FILTERS) if (values[f]) query.set(f, values[f]);
        if (values.limit) query.set('limit', values.limit);
        const page = await api.request<AlertPage>('GET', `/alerts?${query}`);
        print(out, values.json, page.items, () => alertRows(page.items));
        return 0;
      }
      case 'show': {
        const id = positionals[0];
        if (!id) throw new UsageError('alerts show needs an alert id');
        const alert = await api.request<AlertDetail>('GET', `/alerts/${encodeURIComponent(id)}`);
        const timeline = await api.request<Timeline>('GET', `/alerts/${encodeURIComponent(id)}/timeline`);
        print(out, values.json, { ...alert, timeline: timeline.items }, () => alertText(alert, timeline));
        return 0;
      }
      default:
        throw new UsageError('alerts takes list or show');
    }
  });
}
