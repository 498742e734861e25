import type { SilenceBody, SilenceList } from '../../functions/operations/schemas.ts';
import type { Out } from './api-command.ts';
import { apiClientOf, guard, parseApiCommand, print } from './api-command.ts';
import { columns } from './columns.ts';
import { parseDuration } from './duration.ts';
import { UsageError } from './usage-error.ts';

const MATCHERS = ['cluster', 'namespace', 'component', 'rule', 'severity'] as const;

function silenceRows(items: SilenceList['items']): string {
  return columns(
    [38, 8, 26, 26, 40],
    ['ID', 'ACTIVE', 'STARTS', 'ENDS', 'MATCHERS', 'COMMENT'],
    items.map((s) => [
      s.id,
      s.active ? 'yes' : 'no',
      s.startsAt,
      s.endsAt,
      Object.entries(s.matchers)
        .map(([k, v]) => `${k}=${v.join('|')}`)
        .join(' '),
      s.comment,
    ]),
  );
}

/** `watchkeeper silences list|add|delete …` */
export async function silencesCommand(argv: string[], out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseApiCommand(rest, {
    ...(Object.fromEntries(MATCHERS.map((m) => [m, { type: 'string', multiple: true }])) as Record<
      (typeof MATCHERS)[number],
      { type: 'string'; multiple: true }
    >),
    starts: { type: 'string' },
    ends: { type: 'string' },
    duration: { type: 'string' },
    comment: { type: 'string' },
  });
  const api = apiClientOf(values);
  return guard(out, async () => {
    switch (sub) {
      case 'list': {
        const { items } = await api.request<SilenceList>('GET', '/silences');
        print(out, values.json, items, () => silenceRows(items));
        return 0;
      }
      case 'add': {
        const matchers = Object.fromEntries(MATCHERS.filter((m) => values[m]).map((m) => [m, values[m]]));
        const startsAt = values.starts ? new Date(values.starts).toISOString() : new Date().toISOString();
        const endsAt =
          values.ends ??
          (values.duration ? new Date(Date.parse(startsAt) + parseDuration(values.duration)).toISOString() : undefined);
        if (!endsAt) throw new UsageError('silences add needs --ends TIME or --duration 2h');
        if (!values.comment) throw new UsageError('silences add needs --comment "why"');
        const body = { matchers, startsAt, endsAt, comment: values.comment };
        const silence = await api.request<SilenceBody>('POST', '/silences', body);
        print(out, values.json, silence, () => `silence ${silence.id} created\n`);
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
