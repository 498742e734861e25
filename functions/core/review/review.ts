import { describeAction } from '../actions/describe.ts';
import { UNDECIDED_ACTION_STATUSES } from '../actions/incident-action.ts';
import type { Response } from '../insights/insights.ts';
import type { Incident, IncidentTimelineEntry } from '../incidents/types.ts';
import type { ChangeRecord } from '../changes/change.ts';
import { GITHUB } from '../render/destinations.ts';
import type { Line, Part } from '../render/markup.ts';
import { item, label, line, link, renderLines, row } from '../render/markup.ts';

/** A review asked of an incident that is not resolved yet (HTTP 409). */
export class ReviewNotReadyError extends Error {
  public constructor(incident: Pick<Incident, 'id' | 'status'>) {
    super(`incident ${incident.id} is ${incident.status}: its review is drafted once it is resolved`);
    this.name = 'ReviewNotReadyError';
  }
}

/** What a post-incident review is drafted from. */
export interface ReviewInput {
  readonly incident: Incident;
  /** Its timeline, oldest first. */
  readonly timeline: readonly IncidentTimelineEntry[];
  /** Changes people made to the cluster in the half hour before it started. */
  readonly changes: readonly ChangeRecord[];
  /** How the owning team and the rule usually fare (insights over the recent past), when known. */
  readonly usual: { readonly team?: Response; readonly rule?: Response; readonly days: number };
  /** The console page of the incident. */
  readonly link?: string;
}

const MINUTE = 60_000;
/** Changes before the incident listed in its timeline, at most (the latest). */
const MAX_CHANGES = 20;

/** A duration in words: `42 min`, `3 h 5 min`, `2 d 4 h`. */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const minutes = (value: number | null | undefined): string => (value == null ? 'n/a' : `${value} min`);

/**
 * A post-incident review draft: summary, impact, response times against the team's and the rule's
 * usual ones, the timeline with the changes that preceded it, the resolution, and action items to
 * complete — as lines of parts, so every destination writes the incident's text inert
 * ({@link reviewMarkdown} for the API and GitHub; Jira writes the same lines as paragraphs). Pure;
 * the people who were there finish it.
 * @throws {ReviewNotReadyError} while the incident is not resolved.
 */
export function reviewLines(input: ReviewInput): Line[] {
  const { incident, timeline, changes, usual } = input;
  if (incident.status !== 'resolved' || !incident.resolvedAt) throw new ReviewNotReadyError(incident);
  const started = Date.parse(incident.startedAt);
  const resolved = Date.parse(incident.resolvedAt);
  const acknowledged = incident.acknowledgedAt ? Date.parse(incident.acknowledgedAt) : undefined;
  const tta = acknowledged === undefined ? undefined : Math.round((acknowledged - started) / MINUTE);
  const ttr = Math.round((resolved - started) / MINUTE);
  const components = [...new Set(incident.alerts.map((a) => a.component))].sort();
  const namespaces = [...new Set(incident.alerts.flatMap((a) => (a.namespace ? [a.namespace] : [])))].sort();
  const occurrences = incident.alerts.reduce((sum, a) => sum + a.count, 0);
  const symptoms = incident.alerts.filter((a) => a.symptom).length;
  const pages = timeline.filter((e) => e.kind === 'paged' || e.kind === 'exhausted');
  const heading = (text: string): Line => ({ parts: [text], kind: 'heading' });
  const blank = line();
  const out: Line[] = [];

  out.push({ parts: ['Post-incident review: ', incident.title], kind: 'title' }, blank);
  out.push(
    line(
      `Incident ${incident.id} · ${incident.severity} · `,
      incident.cluster,
      ' · owner team ',
      incident.team,
      ` · grouped by ${incident.policy}`,
      ...(input.link ? [' · ', link(input.link, 'in the console')] : []),
    ),
    blank,
    line(label('A draft from the incident record: complete it with the people who responded.')),
    blank,
  );

  out.push(heading('Summary'), blank, line(incident.summary), blank);

  out.push(heading('Impact'), blank);
  out.push(
    item(
      label('Duration'),
      `: ${duration(resolved - started)} (${utc(incident.startedAt)} to ${utc(incident.resolvedAt)})`,
    ),
    item(
      label('Where'),
      ': cluster ',
      incident.cluster,
      ...(namespaces.length ? [', namespaces ', namespaces.join(', ')] : []),
      `; components ${components.join(', ') || incident.component}`,
    ),
    item(
      label('Alerts'),
      `: ${incident.alerts.length} (${occurrences} occurrences)${symptoms ? `, of which ${symptoms} symptoms of the cause` : ''}`,
    ),
    item(
      label('Pages'),
      `: ${incident.pageCount ?? pages.length} sent`,
      ...(incident.pagedTeams?.length ? [' to ', incident.pagedTeams.join(', ')] : []),
    ),
    item(
      label('Acknowledged'),
      ...(incident.acknowledgedAt
        ? [
            ': by ',
            incident.acknowledgedBy ?? 'someone',
            ` at ${utc(incident.acknowledgedAt)}, ${duration((acknowledged ?? started) - started)} after it started`,
          ]
        : [': never (resolved without acknowledgement)']),
    ),
    item(label('Resolved'), ': by ', incident.resolvedBy ?? 'Watchkeeper', ` at ${utc(incident.resolvedAt)}`),
    blank,
  );

  out.push(heading('Response times'), blank);
  out.push(
    row(
      [''],
      ['this incident'],
      [incident.team, ` (median, ${usual.days} days)`],
      [incident.rule, ` (median, ${usual.days} days)`],
    ),
    row(
      ['time to acknowledge'],
      [tta === undefined ? 'n/a' : `${tta} min`],
      [minutes(usual.team?.mtta.median)],
      [minutes(usual.rule?.mtta.median)],
    ),
    row(['time to resolve'], [`${ttr} min`], [minutes(usual.team?.mttr.median)], [minutes(usual.rule?.mttr.median)]),
    blank,
  );

  out.push(heading('Timeline'), blank, row(['time'], ['what'], ['who']));
  // A change recorded by several events (a workload's pods, each delivery) is one line; the latest 20 at most.
  const distinct = [...new Map(changes.map((c) => [`${c.at}|${c.actor}|${c.what}`, c])).values()].slice(-MAX_CHANGES);
  const rows = [
    ...distinct.map((c) => ({ at: c.at, what: `change before it: ${c.title} (${c.what})`, by: c.actor })),
    ...timeline.map((e) => ({ at: e.at, what: e.text, by: e.by })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  for (const r of rows) out.push(row([utc(r.at)], [r.what], [r.by]));
  out.push(blank);

  out.push(
    heading('Resolution'),
    blank,
    line(incident.resolution ?? 'Resolved by Watchkeeper: its alerts went quiet.'),
    blank,
  );

  const actions = incident.actions ?? [];
  if (actions.length > 0) {
    out.push(heading('Actions'), blank, row(['action'], ['mode'], ['status'], ['decided by'], ['ran for']));
    for (const a of actions) {
      const ran =
        a.startedAt && a.endedAt ? `${Math.round((Date.parse(a.endedAt) - Date.parse(a.startedAt)) / 1000)} s` : '';
      out.push(
        row(
          [describeAction(a.kind, a.params, incident.cluster)],
          [a.mode],
          [a.error ? `${a.status}: ${a.error}` : a.status],
          [a.decidedBy ?? ''],
          [ran],
        ),
      );
    }
    out.push(blank);
  }

  out.push(heading('Action items'), blank);
  const items: Part[][] = [['What would have shown this earlier, or prevented it?']];
  if (changes.length > 0) items.push(['Did the change before it cause it? If so, how should such changes be checked?']);
  if (pages.length > 1 && tta !== undefined && usual.team?.mtta.median != null && tta > usual.team.mtta.median)
    items.push(['Acknowledgement took longer than usual: was the page clear and did it reach the right people?']);
  if (incident.acknowledgedAt === undefined)
    items.push(['Nobody acknowledged: should this page at all, or page someone else?']);
  if (actions.some((a) => UNDECIDED_ACTION_STATUSES.includes(a.status)))
    items.push([
      'Some actions were never decided: were they wrong here, or should they wait for approval or run by themselves?',
    ]);
  if (actions.some((a) => a.status === 'failed'))
    items.push(['An action failed: fix its permissions or parameters, or take it out of the rule.']);
  items.push(['Does the runbook of ', incident.rule, ' say what fixed it? Add what was missing.']);
  items.push(['Which fix is permanent, who owns it, and by when?']);
  for (const parts of items) out.push({ parts, kind: 'task' });
  return out;
}

/** The review draft in Markdown (GitHub's rules): what the API answers and GitHub issues carry. */
export const reviewMarkdown = (input: ReviewInput): string => `${renderLines(reviewLines(input), GITHUB)}\n`;
