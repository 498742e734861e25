import type { ParseArgsConfig } from 'node:util';
import { ApiClient, ApiError } from './api-client.ts';
import { parseCommandLine } from './parse-command-line.ts';
import { UsageError } from './usage-error.ts';

type Out = NodeJS.WritableStream;
type Values = Record<string, string | boolean | Array<string | boolean> | undefined>;

const COMMON: NonNullable<ParseArgsConfig['options']> = {
  api: { type: 'string' },
  token: { type: 'string' },
  region: { type: 'string' },
  json: { type: 'boolean', default: false },
};

const pad = (text: string, width: number): string =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  return parseCommandLine(argv, { ...COMMON, ...options });
}

function client(values: Values): ApiClient {
  const base = (values.api as string | undefined) ?? process.env.WATCHKEEPER_API_URL ?? 'http://127.0.0.1:8080';
  return new ApiClient(
    base,
    (values.token as string | undefined) ?? process.env.WATCHKEEPER_API_TOKEN,
    values.region as string | undefined,
  );
}

const print = (out: Out, values: Values, value: unknown, table: () => string): void => {
  out.write(values.json ? `${JSON.stringify(value, null, 2)}\n` : table());
};

interface Summary {
  id: string;
  status: string;
  severity: string;
  title: string;
  cluster: string;
  namespace?: string;
  team: string;
  count: number;
  startedAt: string;
  acknowledgedBy?: string;
  resolvedBy?: string;
  resolution?: string;
}

function incidentRows(items: Summary[]): string {
  const lines = [
    `${pad('ID', 26)}${pad('SEVERITY', 9)}${pad('STATUS', 13)}${pad('COUNT', 7)}${pad('CLUSTER', 14)}${pad('TEAM', 12)}TITLE`,
  ];
  for (const i of items)
    lines.push(
      `${pad(i.id, 26)}${pad(i.severity, 9)}${pad(i.status, 13)}${pad(String(i.count), 7)}${pad(i.cluster, 14)}${pad(i.team, 12)}${i.title}`,
    );
  return `${lines.join('\n')}\n`;
}

const FILTERS = [
  'status',
  'severity',
  'cluster',
  'namespace',
  'component',
  'team',
  'category',
  'rule',
  'since',
  'until',
] as const;

/** `watchkeeper incidents list|show|ack|resolve|note …` */
export async function incidentsCommand(argv: string[], out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(rest, {
    ...Object.fromEntries(FILTERS.map((f) => [f, { type: 'string' as const }])),
    limit: { type: 'string' },
    all: { type: 'boolean', default: false },
    comment: { type: 'string' },
    resolution: { type: 'string' },
    text: { type: 'string' },
  });
  const api = client(values);
  const id = positionals[0];
  const needId = (): string => {
    if (!id) throw new UsageError(`incidents ${sub} needs an incident id`);
    return encodeURIComponent(id);
  };
  return guard(out, async () => {
    switch (sub) {
      case 'list': {
        const query = new URLSearchParams();
        for (const f of FILTERS) if (values[f]) query.set(f, values[f] as string);
        if (values.limit) query.set('limit', values.limit as string);
        const items: Summary[] = [];
        let cursor: string | null = null;
        let more = false;
        do {
          if (cursor) query.set('cursor', cursor);
          const page: { items: Summary[]; nextCursor: string | null } = await api.request('GET', `/incidents?${query}`);
          items.push(...page.items);
          cursor = values.all ? page.nextCursor : null;
          more = !values.all && page.nextCursor !== null;
        } while (cursor);
        print(out, values, items, () => `${incidentRows(items)}${more ? '(more: --all, or --limit up to 100)\n' : ''}`);
        return 0;
      }
      case 'show': {
        const incident = await api.request<
          Record<string, unknown> &
            Summary & {
              summary: string;
              previousResolutions: Array<{ id: string; resolution?: string; resolvedAt?: string }>;
              runbook: { path: string };
            }
        >('GET', `/incidents/${needId()}`);
        const timeline = await api.request<{ items: Array<{ at: string; kind: string; by: string; text: string }> }>(
          'GET',
          `/incidents/${needId()}/timeline`,
        );
        print(out, values, { ...incident, timeline: timeline.items }, () =>
          [
            `${incident.id}  [${incident.severity}] ${incident.status}  ${incident.title}`,
            `  ${incident.summary}`,
            `  cluster ${incident.cluster}${incident.namespace ? `, namespace ${incident.namespace}` : ''}; team ${incident.team}; ${incident.count} occurrence(s) since ${incident.startedAt}`,
            `  runbook: ${incident.runbook.path}`,
            ...(incident.previousResolutions.length
              ? [
                  '  last time:',
                  ...incident.previousResolutions.map(
                    (p) => `    ${p.resolvedAt ?? ''} ${p.id}: ${p.resolution ?? ''}`,
                  ),
                ]
              : []),
            '  timeline:',
            ...timeline.items.map((e) => `    ${e.at}  ${pad(e.kind, 16)}${pad(e.by, 24)}${e.text}`),
            '',
          ].join('\n'),
        );
        return 0;
      }
      case 'ack': {
        const incident = await api.request<Summary>(
          'POST',
          `/incidents/${needId()}/acknowledge`,
          values.comment ? { comment: values.comment } : {},
        );
        print(out, values, incident, () => `${incident.id} acknowledged by ${incident.acknowledgedBy}\n`);
        return 0;
      }
      case 'resolve': {
        const resolution = (values.resolution as string | undefined) ?? positionals.slice(1).join(' ');
        if (!resolution) throw new UsageError('incidents resolve needs --resolution "what fixed it"');
        const incident = await api.request<Summary>('POST', `/incidents/${needId()}/resolve`, { resolution });
        print(
          out,
          values,
          incident,
          () => `${incident.id} resolved by ${incident.resolvedBy}: ${incident.resolution}\n`,
        );
        return 0;
      }
      case 'note': {
        const text = (values.text as string | undefined) ?? positionals.slice(1).join(' ');
        if (!text) throw new UsageError('incidents note needs --text "…"');
        const entry = await api.request<{ at: string }>('POST', `/incidents/${needId()}/notes`, { text });
        print(out, values, entry, () => `note added at ${entry.at}\n`);
        return 0;
      }
      default:
        throw new UsageError('incidents takes list, show, ack, resolve or note');
    }
  });
}

const DURATION = /^(\d+)([mhd])$/;

/** `watchkeeper silences list|add|delete …` */
export async function silencesCommand(argv: string[], out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  const list = { type: 'string' as const, multiple: true as const };
  const { values, positionals } = parse(rest, {
    cluster: list,
    namespace: list,
    component: list,
    rule: list,
    severity: list,
    starts: { type: 'string' },
    ends: { type: 'string' },
    duration: { type: 'string' },
    comment: { type: 'string' },
  });
  const api = client(values as Values);
  return guard(out, async () => {
    switch (sub) {
      case 'list': {
        const { items } = await api.request<{
          items: Array<{
            id: string;
            matchers: Record<string, string[]>;
            startsAt: string;
            endsAt: string;
            createdBy: string;
            comment: string;
            active: boolean;
          }>;
        }>('GET', '/silences');
        print(
          out,
          values as Values,
          items,
          () =>
            `${[
              `${pad('ID', 38)}${pad('ACTIVE', 8)}${pad('STARTS', 22)}${pad('ENDS', 22)}${pad('MATCHERS', 40)}COMMENT`,
              ...items.map(
                (s) =>
                  `${pad(s.id, 38)}${pad(s.active ? 'yes' : 'no', 8)}${pad(s.startsAt, 22)}${pad(s.endsAt, 22)}${pad(
                    Object.entries(s.matchers)
                      .map(([k, v]) => `${k}=${v.join('|')}`)
                      .join(' '),
                    40,
                  )}${s.comment}`,
              ),
            ].join('\n')}\n`,
        );
        return 0;
      }
      case 'add': {
        const matchers = Object.fromEntries(
          (['cluster', 'namespace', 'component', 'rule', 'severity'] as const)
            .filter((k) => values[k])
            .map((k) => [k, values[k]]),
        );
        const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
        const starts = str(values.starts);
        const duration = str(values.duration);
        const startsAt = starts ? new Date(starts).toISOString() : new Date().toISOString();
        let endsAt = str(values.ends);
        if (!endsAt && duration) {
          const m = DURATION.exec(duration);
          if (!m) throw new UsageError('--duration takes a number and m, h or d (e.g. 2h)');
          endsAt = new Date(
            Date.parse(startsAt) + Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'],
          ).toISOString();
        }
        if (!endsAt) throw new UsageError('silences add needs --ends TIME or --duration 2h');
        if (!values.comment) throw new UsageError('silences add needs --comment "why"');
        const silence = await api.request<{ id: string }>('POST', '/silences', {
          matchers,
          startsAt,
          endsAt,
          comment: values.comment,
        });
        print(out, values as Values, silence, () => `silence ${silence.id} created\n`);
        return 0;
      }
      case 'delete': {
        if (!positionals[0]) throw new UsageError('silences delete needs a silence id');
        await api.request('DELETE', `/silences/${encodeURIComponent(positionals[0])}`);
        out.write(values.json ? '{}\n' : `silence ${positionals[0]} deleted\n`);
        return 0;
      }
      default:
        throw new UsageError('silences takes list, add or delete');
    }
  });
}

async function guard(out: Out, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) {
      out.write(`watchkeeper: ${error.status}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && /fetch failed/.test(error.message)) {
      out.write('watchkeeper: cannot reach the API (is `npm start` running? --api URL picks another)\n');
      return 1;
    }
    throw error;
  }
}
