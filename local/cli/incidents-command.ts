import type {
  IncidentDetail,
  IncidentPage,
  IncidentSummary,
  Timeline,
  TimelineEntryBody,
} from '../../functions/operations/schemas.ts';
import { LIST_FILTERS } from '../../functions/core/api/list-query.ts';
import type { Out } from './api-command.ts';
import { apiClientOf, guard, parseApiCommand, print } from './api-command.ts';
import { columns, pad } from './columns.ts';
import { UsageError } from './usage-error.ts';

const FILTERS = LIST_FILTERS;

function incidentRows(items: readonly IncidentSummary[]): string {
  return columns(
    [26, 9, 13, 7, 14, 12],
    ['ID', 'SEVERITY', 'STATUS', 'ALERTS', 'CLUSTER', 'TEAM', 'TITLE'],
    items.map((i) => [i.id, i.severity, i.status, String(i.alertCount), i.cluster, i.team, i.title]),
  );
}

function incidentText(incident: IncidentDetail, timeline: Timeline): string {
  return [
    `${incident.id}  [${incident.severity}] ${incident.status}  ${incident.title}`,
    `  ${incident.summary}`,
    `  cluster ${incident.cluster}${incident.account ? ` (account ${incident.account}, ${incident.region ?? 'unknown region'})` : ''}${incident.namespace ? `, namespace ${incident.namespace}` : ''}; team ${incident.team}; grouped by ${incident.policy}; ${incident.occurrences} occurrence(s) since ${incident.startedAt}`,
    ...(incident.probableCause ? [`  probable cause: ${incident.probableCause}`] : []),
    `  alerts (${incident.alerts.length}):`,
    ...incident.alerts.map(
      (a) =>
        `    ${pad(a.id, 26)}${pad(a.severity, 9)}${pad(a.status, 13)}${pad(`${a.count}×`, 6)}${a.title}${a.subject ? ` (${a.subject})` : ''}${a.symptom ? '  symptom' : ''}`,
    ),
    ...(incident.ticket ? [`  ticket: ${incident.ticket.key} ${incident.ticket.url}`] : []),
    ...(incident.reviewTicket ? [`  review: ${incident.reviewTicket.key} ${incident.reviewTicket.url}`] : []),
    `  runbook: ${incident.runbook.path}`,
    ...(incident.previousResolutions.length
      ? [
          '  last time:',
          ...incident.previousResolutions.map((p) => `    ${p.resolvedAt ?? ''} ${p.id}: ${p.resolution ?? ''}`),
        ]
      : []),
    '  timeline:',
    ...timeline.items.map((e) => `    ${e.at}  ${pad(e.kind, 16)}${pad(e.by, 24)}${e.text}`),
    '',
  ].join('\n');
}

/** `watchkeeper incidents list|show|ack|resolve|note|merge|split …` */
export async function incidentsCommand(argv: string[], out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseApiCommand(rest, {
    ...(Object.fromEntries(FILTERS.map((f) => [f, { type: 'string' }])) as Record<
      (typeof FILTERS)[number],
      { type: 'string' }
    >),
    limit: { type: 'string' },
    all: { type: 'boolean', default: false },
    comment: { type: 'string' },
    resolution: { type: 'string' },
    text: { type: 'string' },
    into: { type: 'string' },
    alert: { type: 'string' },
  });
  const api = apiClientOf(values);
  const id = positionals[0];
  const needId = (): string => {
    if (!id) throw new UsageError(`incidents ${sub} needs an incident id`);
    return encodeURIComponent(id);
  };
  return guard(out, async () => {
    switch (sub) {
      case 'list': {
        const query = new URLSearchParams();
        for (const f of FILTERS) if (values[f]) query.set(f, values[f]);
        if (values.limit) query.set('limit', values.limit);
        const items: IncidentSummary[] = [];
        let cursor: string | null = null;
        let more = false;
        do {
          if (cursor) query.set('cursor', cursor);
          const page: IncidentPage = await api.request('GET', `/incidents?${query}`);
          items.push(...page.items);
          cursor = values.all ? page.nextCursor : null;
          more = !values.all && page.nextCursor !== null;
        } while (cursor);
        print(
          out,
          values.json,
          items,
          () => `${incidentRows(items)}${more ? '(more: --all, or --limit up to 100)\n' : ''}`,
        );
        return 0;
      }
      case 'show': {
        const incident = await api.request<IncidentDetail>('GET', `/incidents/${needId()}`);
        const timeline = await api.request<Timeline>('GET', `/incidents/${needId()}/timeline`);
        print(out, values.json, { ...incident, timeline: timeline.items }, () => incidentText(incident, timeline));
        return 0;
      }
      case 'ack': {
        const body = values.comment ? { comment: values.comment } : {};
        const incident = await api.request<IncidentSummary>('POST', `/incidents/${needId()}/acknowledge`, body);
        print(out, values.json, incident, () => `${incident.id} acknowledged by ${incident.acknowledgedBy}\n`);
        return 0;
      }
      case 'resolve': {
        const resolution = values.resolution ?? positionals.slice(1).join(' ');
        if (!resolution) throw new UsageError('incidents resolve needs --resolution "what fixed it"');
        const incident = await api.request<IncidentSummary>('POST', `/incidents/${needId()}/resolve`, { resolution });
        print(
          out,
          values.json,
          incident,
          () => `${incident.id} resolved by ${incident.resolvedBy}: ${incident.resolution}\n`,
        );
        return 0;
      }
      case 'note': {
        const text = values.text ?? positionals.slice(1).join(' ');
        if (!text) throw new UsageError('incidents note needs --text "…"');
        const entry = await api.request<TimelineEntryBody>('POST', `/incidents/${needId()}/notes`, { text });
        print(out, values.json, entry, () => `note added at ${entry.at}\n`);
        return 0;
      }
      case 'merge': {
        if (!values.into) throw new UsageError('incidents merge needs --into <incident id>');
        const target = await api.request<IncidentSummary>('POST', `/incidents/${needId()}/merge`, {
          into: values.into,
        });
        print(
          out,
          values.json,
          target,
          () => `${id} merged into ${target.id}: ${target.alertCount} alerts, ${target.severity}\n`,
        );
        return 0;
      }
      case 'split': {
        if (!values.alert) throw new UsageError('incidents split needs --alert <alert id>');
        const moved = await api.request<IncidentSummary>('POST', `/incidents/${needId()}/split`, {
          alert: values.alert,
        });
        print(out, values.json, moved, () => `alert ${values.alert} moved out of ${id} into ${moved.id}\n`);
        return 0;
      }
      default:
        throw new UsageError('incidents takes list, show, ack, resolve, note, merge or split');
    }
  });
}
