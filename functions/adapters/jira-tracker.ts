import type { TicketHandle, Tracker } from '../core/collaboration/collaborator.ts';
import type { Filing, TicketContent } from '../core/collaboration/ticket.ts';
import type { Severity } from '../core/vocabulary.ts';
import { JIRA } from '../core/render/destinations.ts';
import { plainText } from '../core/render/inert.ts';
import type { Line } from '../core/render/markup.ts';
import { renderLines } from '../core/render/markup.ts';
import type { Fetch, RetryPolicy } from './http-json.ts';
import { createOnce, DEFAULT_RETRY, HttpRequestError, requestJson } from './http-json.ts';

/** Settings of a Jira Cloud tracker. */
export interface JiraTrackerOptions {
  readonly siteUrl: string;
  readonly project: string;
  readonly issueType: string;
  readonly doneTransition: string;
  readonly reopenTransition?: string;
  readonly labels: readonly string[];
  /** Reviews of resolved incidents at or above this severity are filed without being asked. */
  readonly fileReviewsFrom?: Severity;
  /** The account that files tickets: its e-mail and API token. */
  credentials(): Promise<{ email: string; apiToken: string }>;
  readonly fetch?: Fetch;
  readonly retry?: RetryPolicy;
}

/** The label that finds a ticket again (labels hold no spaces; incident ids hold none). */
export const filingLabel = (filing: Filing): string =>
  filing.kind === 'incident' ? `wk-${filing.incidentId}` : `wk-${filing.kind}-${filing.incidentId}`;

/**
 * Lines as an Atlassian Document: one paragraph of one text node per non-empty line. Jira shows a
 * text node as written (no wiki markup, no mention: those are nodes of their own), and the lines'
 * text from outside is inert already (its links defanged).
 */
export function adf(lines: readonly Line[]): Record<string, unknown> {
  return {
    type: 'doc',
    version: 1,
    content: renderLines(lines, JIRA)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
  };
}

/** Jira Cloud over REST v3: one issue per incident (found again by its label), comments, transitions. */
export class JiraTracker implements Tracker {
  public readonly type = 'jira' as const;
  public readonly label: string;
  public readonly labels: readonly string[];
  public readonly fileReviewsFrom?: Severity;

  public constructor(private readonly options: JiraTrackerOptions) {
    this.label = `Jira ${options.project}`;
    this.labels = options.labels;
    this.fileReviewsFrom = options.fileReviewsFrom;
  }

  public async create(content: TicketContent, filing: Filing): Promise<TicketHandle> {
    const policy = this.options.retry ?? DEFAULT_RETRY;
    const fields = {
      project: { key: this.options.project },
      issuetype: { name: this.options.issueType },
      summary: plainText(content.title),
      description: adf([...content.lines, { parts: [], kind: undefined }, { parts: [filing.marker] }]),
      labels: [...content.labels, filingLabel(filing)],
    };
    return createOnce(
      policy,
      async (single) =>
        this.handle((await this.request<{ key: string }>('POST', '/rest/api/3/issue', { fields }, single)).key),
      () => this.findFiled(filing),
    );
  }

  public async findFiled(filing: Filing): Promise<TicketHandle | undefined> {
    const found = await this.request<{ issues?: Array<{ key: string }> }>('POST', '/rest/api/3/search/jql', {
      // Only an issue Watchkeeper's own identity reported is ever adopted.
      jql: `project = "${this.options.project}" AND labels = "${filingLabel(filing)}" AND reporter = currentUser()`,
      fields: ['key'],
      maxResults: 1,
    });
    const key = found?.issues?.[0]?.key;
    return key ? this.handle(key) : undefined;
  }

  public async comment(key: string, lines: readonly Line[]): Promise<void> {
    await this.request('POST', `/rest/api/3/issue/${encodeURIComponent(key)}/comment`, { body: adf(lines) });
  }

  public async close(key: string, lines: readonly Line[]): Promise<void> {
    await this.comment(key, lines);
    await this.transition(key, this.options.doneTransition);
  }

  public async reopen(key: string, lines: readonly Line[]): Promise<void> {
    if (this.options.reopenTransition) await this.transition(key, this.options.reopenTransition);
    await this.comment(key, lines);
  }

  /** Move an issue through the transition of that name (ids differ between workflows). */
  private async transition(key: string, name: string): Promise<void> {
    const path = `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`;
    const { transitions = [] } =
      (await this.request<{ transitions?: Array<{ id: string; name: string }> }>('GET', path)) ?? {};
    const wanted = transitions.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (!wanted)
      throw new HttpRequestError(
        400,
        this.label,
        `${key} has no transition "${name}" now (it has: ${transitions.map((t) => t.name).join(', ') || 'none'})`,
        1,
      );
    await this.request('POST', path, { transition: { id: wanted.id } });
  }

  private handle(key: string): TicketHandle {
    return { key, url: `${this.site()}/browse/${key}` };
  }

  private site(): string {
    return this.options.siteUrl.replace(/\/+$/, '');
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, retry?: RetryPolicy) {
    const { email, apiToken } = await this.options.credentials();
    return requestJson<T>(
      this.options.fetch ?? globalThis.fetch,
      {
        method,
        url: `${this.site()}${path}`,
        body,
        what: this.label,
        headers: { authorization: `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}` },
      },
      retry ?? this.options.retry,
    );
  }
}
