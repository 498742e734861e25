import { escapeHtml } from '../escape-html.ts';
import { statusSentence } from '../escalation/messages.ts';
import type { ClusterStatus, ComponentHealth } from './component-status.ts';
import type { StatusPageConfig } from './config.ts';

/** A change the business was told about (the business topic's message), kept on the status page. */
export interface StatusNote {
  readonly at: string;
  readonly cluster: string;
  readonly component: string;
  readonly status: 'degraded' | 'restored';
  readonly text: string;
}

/**
 * The public status page as data (`status.json`): cluster and component names, their health, and
 * the notes the business topic got. Nothing else: no incident ids, people, namespaces or evidence.
 */
export interface StatusPageDocument {
  readonly title: string;
  readonly generatedAt: string;
  readonly clusters: ReadonlyArray<{
    readonly cluster: string;
    readonly status: ComponentHealth;
    readonly components: ReadonlyArray<{ readonly component: string; readonly status: ComponentHealth }>;
  }>;
  readonly notes: readonly StatusNote[];
}

/** The page's files, by name, as they are written. */
export type StatusPageFiles = Readonly<Record<'index.html' | 'status.json' | 'style.css', string>>;

/** Where the status page lives (S3 behind the console's CloudFront, a folder locally). */
export interface StatusPageSink {
  /** The `status.json` written last, if any. */
  read(): Promise<string | undefined>;
  write(files: StatusPageFiles): Promise<void>;
}

/** How many notes the page keeps, at most (how long: the configuration's `noteDays`). */
export const MAX_NOTES = 50;

/**
 * The page for the clusters that opted in: their health now, and the notes of the last `noteDays`
 * days (earlier ones and new ones together, newest first, each once). Pure.
 */
export function statusPageDocument(input: {
  readonly config: Pick<StatusPageConfig, 'title' | 'clusters' | 'noteDays'>;
  readonly statuses: readonly ClusterStatus[];
  readonly earlierNotes: readonly StatusNote[];
  readonly newNotes: readonly StatusNote[];
  readonly now: number;
}): StatusPageDocument {
  const shown = new Set(input.config.clusters);
  const since = input.now - input.config.noteDays * 86_400_000;
  const seen = new Set<string>();
  const notes = [...input.newNotes, ...input.earlierNotes]
    .filter((n) => shown.has(n.cluster) && Date.parse(n.at) >= since)
    .filter((n) => {
      const key = `${n.at}|${n.cluster}|${n.component}|${n.status}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    // Newest first; at the same instant a restoration is the later news.
    .sort((a, b) => b.at.localeCompare(a.at) || (a.status === b.status ? 0 : a.status === 'restored' ? -1 : 1))
    .slice(0, MAX_NOTES);
  return {
    title: input.config.title,
    generatedAt: new Date(input.now).toISOString(),
    clusters: input.statuses
      .filter((c) => shown.has(c.cluster))
      .map((c) => ({
        cluster: c.cluster,
        status: c.status,
        components: c.components.map(({ component, status }) => ({ component, status })),
      })),
    notes,
  };
}

/** The earlier notes of a stored `status.json`; anything unreadable is no notes, never an error. */
export function notesOf(stored: string | undefined): StatusNote[] {
  if (!stored) return [];
  try {
    const notes = (JSON.parse(stored) as { notes?: unknown }).notes;
    return Array.isArray(notes)
      ? notes
          .filter(
            (n): n is StatusNote =>
              typeof n === 'object' &&
              n !== null &&
              ['at', 'cluster', 'component', 'status'].every(
                (k) => typeof (n as Record<string, unknown>)[k] === 'string',
              ) &&
              ((n as StatusNote).status === 'degraded' || (n as StatusNote).status === 'restored'),
          )
          // Said again from its facts: a page written before cannot carry text of anyone else's onto the new one.
          .map(({ at, cluster, component, status }) => ({
            at,
            cluster,
            component,
            status,
            text: statusSentence({ component, cluster, status }),
          }))
      : [];
  } catch {
    return [];
  }
}

/** A word and a mark for each health: colour is never the only signal. */
const HEALTH: Readonly<Record<ComponentHealth, string>> = {
  perfect: '● Operational',
  degraded: '▲ Degraded',
  unavailable: '■ Unavailable',
};

/** The status page as static HTML: no script, no login, its stylesheet beside it. */
export function statusPageHtml(page: StatusPageDocument): string {
  const clusters = page.clusters
    .map(
      (c) => `
    <section aria-labelledby="c-${escapeHtml(c.cluster)}">
      <h2 id="c-${escapeHtml(c.cluster)}">${escapeHtml(c.cluster)} <span class="${c.status}">${HEALTH[c.status]}</span></h2>
      <table>
        <thead><tr><th scope="col">Component</th><th scope="col">Status</th></tr></thead>
        <tbody>${c.components
          .map(
            (k) =>
              `<tr><th scope="row">${escapeHtml(k.component)}</th><td class="${k.status}">${HEALTH[k.status]}</td></tr>`,
          )
          .join('')}</tbody>
      </table>
    </section>`,
    )
    .join('');
  const notes = page.notes.length
    ? `<ul>${page.notes.map((n) => `<li><time datetime="${escapeHtml(n.at)}">${escapeHtml(n.at.slice(0, 16).replace('T', ' '))} UTC</time> ${escapeHtml(n.text)}</li>`).join('')}</ul>`
    : '<p>Nothing to report in the last seven days.</p>';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(page.title)}</title>
    <link rel="stylesheet" href="style.css" />
  </head>
  <body>
    <main>
      <h1>${escapeHtml(page.title)}</h1>
      <p>Updated <time datetime="${page.generatedAt}">${page.generatedAt.slice(0, 16).replace('T', ' ')} UTC</time>; rewritten whenever a component changes, and every five minutes.</p>${clusters}
      <h2>Recent changes</h2>
      ${notes}
    </main>
  </body>
</html>
`;
}

/** The page's stylesheet (a file of its own: the page's CSP forbids inline styles). */
export const STATUS_PAGE_CSS = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:48rem;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd}
.perfect{color:#1a6b32}.degraded{color:#8a5300}.unavailable{color:#a4161a}h2 span{font-size:1rem;margin-left:.5rem}
li{margin:.4rem 0}time{color:#555;margin-right:.5rem}
`;
