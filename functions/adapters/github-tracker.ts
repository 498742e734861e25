import type { TicketHandle, Tracker } from '../core/collaboration/collaborator.ts';
import type { Filing, TicketContent } from '../core/collaboration/ticket.ts';
import type { Severity } from '../core/vocabulary.ts';
import { ticketMarker } from '../core/collaboration/ticket.ts';
import type { Fetch, RetryPolicy } from './http-json.ts';
import { createOnce, DEFAULT_RETRY, requestJson } from './http-json.ts';

/** Settings of a GitHub tracker. */
export interface GithubTrackerOptions {
  readonly repository: string;
  readonly apiUrl: string;
  readonly labels: readonly string[];
  /** Reviews of resolved incidents at or above this severity are filed without being asked. */
  readonly fileReviewsFrom?: Severity;
  /** The token (fine-grained: Issues read and write on the repository). */
  token(): Promise<string>;
  readonly fetch?: Fetch;
  readonly retry?: RetryPolicy;
}

interface Issue {
  readonly number: number;
  readonly html_url: string;
}

/** GitHub Issues over REST (API version 2022-11-28): one issue per incident, comments, close and reopen. */
export class GithubTracker implements Tracker {
  public readonly type = 'github' as const;
  public readonly label: string;
  public readonly labels: readonly string[];
  public readonly fileReviewsFrom?: Severity;

  public constructor(private readonly options: GithubTrackerOptions) {
    this.label = `GitHub ${options.repository}`;
    this.labels = options.labels;
    this.fileReviewsFrom = options.fileReviewsFrom;
  }

  public async create(content: TicketContent, filing: Filing): Promise<TicketHandle> {
    const body = { title: content.title, body: content.body, labels: content.labels };
    return createOnce(
      this.options.retry ?? DEFAULT_RETRY,
      async (single) => this.handle(await this.send<Issue>('POST', '/issues', body, single)),
      () => this.findFiled(filing),
    );
  }

  public async findFiled(filing: Filing): Promise<TicketHandle | undefined> {
    const q = `"${ticketMarker(filing)}" repo:${this.options.repository} is:issue in:body`;
    const found = await this.request<{ items?: Issue[] }>(
      'GET',
      `${this.root()}/search/issues?q=${encodeURIComponent(q)}&per_page=1`,
    );
    const issue = found?.items?.[0];
    return issue ? this.handle(issue) : undefined;
  }

  public async comment(key: string, text: string): Promise<void> {
    await this.send('POST', `/issues/${this.number(key)}/comments`, { body: text });
  }

  public async close(key: string, text: string): Promise<void> {
    await this.comment(key, text);
    await this.send('PATCH', `/issues/${this.number(key)}`, { state: 'closed', state_reason: 'completed' });
  }

  public async reopen(key: string, text: string): Promise<void> {
    await this.send('PATCH', `/issues/${this.number(key)}`, { state: 'open' });
    await this.comment(key, text);
  }

  private handle(issue: Issue): TicketHandle {
    return { key: `${this.options.repository}#${issue.number}`, url: issue.html_url };
  }

  private number(key: string): string {
    return key.slice(key.lastIndexOf('#') + 1);
  }

  private root(): string {
    return this.options.apiUrl.replace(/\/+$/, '');
  }

  private send<T>(method: 'POST' | 'PATCH', path: string, body: unknown, retry?: RetryPolicy): Promise<T> {
    return this.request<T>(method, `${this.root()}/repos/${this.options.repository}${path}`, body, retry);
  }

  private async request<T>(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, retry?: RetryPolicy) {
    return requestJson<T>(
      this.options.fetch ?? globalThis.fetch,
      {
        method,
        url,
        body,
        what: this.label,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${await this.options.token()}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'watchkeeper',
        },
      },
      retry ?? this.options.retry,
    );
  }
}
