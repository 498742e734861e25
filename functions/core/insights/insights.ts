import type { Incident } from '../incidents/types.ts';

/** What an incident leaves behind when it is resolved: all that insights are computed from. */
export interface ResolutionRecord {
  readonly id: string;
  readonly team: string;
  readonly cluster: string;
  readonly rule: string;
  readonly severity: string;
  readonly startedAt: string;
  readonly acknowledgedAt?: string;
  readonly resolvedAt: string;
  /** Pages sent for it (every tier and repeat). */
  readonly pages: number;
  readonly alerts: number;
  /** Occurrences of its alerts. */
  readonly occurrences: number;
}

/** The record of a resolved incident; `undefined` for one that is not resolved or was merged away. */
export function resolutionRecord(incident: Incident): ResolutionRecord | undefined {
  if (incident.status !== 'resolved' || incident.mergedInto || !incident.resolvedAt) return undefined;
  return {
    id: incident.id,
    team: incident.team,
    cluster: incident.cluster,
    rule: incident.rule,
    severity: incident.severity,
    startedAt: incident.startedAt,
    ...(incident.acknowledgedAt ? { acknowledgedAt: incident.acknowledgedAt } : {}),
    resolvedAt: incident.resolvedAt,
    pages: incident.pageCount ?? 0,
    alerts: incident.alerts.length,
    occurrences: incident.alerts.reduce((sum, a) => sum + a.count, 0),
  };
}

/** Median and 90th percentile of durations, in minutes (`null` when there is nothing to measure). */
export interface Spread {
  readonly median: number | null;
  readonly p90: number | null;
  readonly count: number;
}

/** Time to acknowledge and to resolve, and pages, of a set of incidents. */
export interface Response {
  readonly incidents: number;
  readonly mtta: Spread;
  readonly mttr: Spread;
  readonly pagesPerIncident: number;
}

/** Insights over the incidents resolved in a period. */
export interface Insights {
  readonly since: string;
  readonly until: string;
  readonly overall: Response;
  readonly byTeam: Array<Response & { readonly team: string }>;
  readonly byCluster: Array<Response & { readonly cluster: string }>;
  readonly byRule: Array<Response & { readonly rule: string }>;
  /** Incidents started per ISO week (Monday), oldest first. */
  readonly perWeek: Array<{ readonly week: string; readonly incidents: number }>;
  /** Rules behind the most occurrences. */
  readonly noisiestRules: Array<{
    readonly rule: string;
    readonly incidents: number;
    readonly occurrences: number;
  }>;
}

const MINUTE = 60_000;

/** The `q` quantile (nearest rank) of sorted values. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

function spread(minutes: number[]): Spread {
  const sorted = minutes.sort((a, b) => a - b);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return { median: round(quantile(sorted, 0.5)), p90: round(quantile(sorted, 0.9)), count: sorted.length };
}

const minutesBetween = (from: string, to: string): number => Math.max(0, Date.parse(to) - Date.parse(from)) / MINUTE;

function response(records: readonly ResolutionRecord[]): Response {
  return {
    incidents: records.length,
    mtta: spread(
      records.filter((r) => r.acknowledgedAt).map((r) => minutesBetween(r.startedAt, r.acknowledgedAt ?? '')),
    ),
    mttr: spread(records.map((r) => minutesBetween(r.startedAt, r.resolvedAt))),
    pagesPerIncident:
      records.length === 0 ? 0 : Math.round((records.reduce((s, r) => s + r.pages, 0) / records.length) * 100) / 100,
  };
}

function by<K extends 'team' | 'cluster' | 'rule'>(records: readonly ResolutionRecord[], key: K) {
  const groups = new Map<string, ResolutionRecord[]>();
  for (const r of records) groups.set(r[key], [...(groups.get(r[key]) ?? []), r]);
  return [...groups]
    .map(([value, list]) => ({ [key]: value, ...response(list) }) as Response & Record<K, string>)
    .sort((a, b) => b.incidents - a.incidents || a[key].localeCompare(b[key]));
}

/** The Monday (UTC) of an instant's ISO week. */
function weekOf(iso: string): string {
  const date = new Date(iso);
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

/** MTTA and MTTR (median, p90), pages per incident, incidents per week and the noisiest rules. */
export function insightsOf(records: readonly ResolutionRecord[], since: string, until: string): Insights {
  const weeks = new Map<string, number>();
  for (const r of records) weeks.set(weekOf(r.startedAt), (weeks.get(weekOf(r.startedAt)) ?? 0) + 1);
  const rules = new Map<string, { incidents: number; occurrences: number }>();
  for (const r of records) {
    const known = rules.get(r.rule) ?? { incidents: 0, occurrences: 0 };
    rules.set(r.rule, { incidents: known.incidents + 1, occurrences: known.occurrences + r.occurrences });
  }
  return {
    since,
    until,
    overall: response(records),
    byTeam: by(records, 'team'),
    byCluster: by(records, 'cluster'),
    byRule: by(records, 'rule'),
    perWeek: [...weeks].sort(([a], [b]) => a.localeCompare(b)).map(([week, incidents]) => ({ week, incidents })),
    noisiestRules: [...rules]
      .map(([rule, n]) => ({ rule, ...n }))
      .sort((a, b) => b.occurrences - a.occurrences || b.incidents - a.incidents)
      .slice(0, 10),
  };
}
