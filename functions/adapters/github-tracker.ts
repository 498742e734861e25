import type { TicketHandle, Tracker } from '../core/collaboration/collaborator.ts';
import type { Filing, TicketContent } from '../core/collaboration/ticket.ts';
import type { Severity } from '../core/vocabulary.ts';
import { GITHUB } from '../core/render/destinations.ts';
import { breakMentions, plainText } from '../core/render/inert.ts';
import type { Line } from '../core/render/markup.ts';
import { renderLines } from '../core/render/markup.ts';
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
  readonly user?: { readonly login?: string };
}

/** An issue's body: the lines in GitHub's Markdown (text from outside inert), the marker hidden in a comment. */
export const issueBody = (lines: readonly Line[], marker?: string): string =>
  `${renderLines(lines, GITHUB)}${marker ? `\n\n<!-- ${marker} -->` : ''}`;

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

  private login?: Promise<string>;

  public async create(content: TicketContent, filing: Filing): Promise<TicketHandle> {
    // Titles are plain text on GitHub; mentions in them are broken all the same.
    const title = breakMentions(plainText(content.title));
    const body = { title, body: issueBody(content.lines, filing.marker), labels: content.labels };
    return createOnce(
      this.options.retry ?? DEFAULT_RETRY,
      async (single) => this.handle(await this.send<Issue>('POST', '/issues', body, single)),
      () => this.findFiled(filing),
    );
  }

  /**
   * The issue a crashed try filed: its marker in the body, and opened by Watchkeeper's own identity
   * (the token's user) — an issue anyone else opened is never adopted, whatever it says.
   */
  public async findFiled(filing: Filing): Promise<TicketHandle | undefined> {
    const login = await this.ownLogin();
    const q = `"${filing.marker}" repo:${this.options.repository} is:issue in:body author:${login}`;
    const found = await this.request<{ items?: Issue[] }>(
      'GET',
      `${this.root()}/search/issues?q=${encodeURIComponent(q)}&per_page=5`,
    );
    const issue = found?.items?.find((i) => i.user?.login === login);
    return issue ? this.handle(issue) : undefined;
  }

  public async comment(key: string, lines: readonly Line[]): Promise<void> {
    await this.send('POST', `/issues/${this.number(key)}/comments`, { body: issueBody(lines) });
  }

  public async close(key: string, lines: readonly Line[]): Promise<void> {
    await this.comment(key, lines);
    await this.send('PATCH', `/issues/${this.number(key)}`, { state: 'closed', state_reason: 'completed' });
  }

  public async reopen(key: string, lines: readonly Line[]): Promise<void> {
    await this.send('PATCH', `/issues/${this.number(key)}`, { state: 'open' });
    await this.comment(key, lines);
  }

  /** The token's user (`GET /user`), asked once. */
  private ownLogin(): Promise<string> {
    this.login ??= this.request<{ login?: string }>('GET', `${this.root()}/user`).then((user) => {
      if (!user?.login) throw new Error(`${this.label}: the token's user has no login`);
      return user.login;
    });
    this.login.catch(() => {
      this.login = undefined;
    });
    return this.login;
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
