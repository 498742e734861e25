/**
 * In-memory GitHub Issues, Jira Cloud and chat webhooks: the few endpoints Watchkeeper uses, with the
 * request and response shapes of their REST documentation. `npm start` answers its trackers and
 * webhooks with it (recording what would have been sent); the tests serve it over real HTTP.
 */

/** One request a service received. */
export interface ServiceRequest {
  readonly service: 'github' | 'jira' | 'webhook';
  readonly method: string;
  /** Path and query, below the service's root. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** An answer: status and JSON body (or none). */
export interface ServiceAnswer {
  readonly status: number;
  readonly body?: unknown;
}

interface FakeIssue {
  /** Who opened it: the tokens' identity ({@link FAKE_IDENTITY}), or anyone else. */
  author: string;
  number: number;
  key: string;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  comments: string[];
}

/** The identity every token here belongs to: what Watchkeeper's requests open issues as. */
export const FAKE_IDENTITY = 'watchkeeper-bot';

/** The services' state: what they hold and every request they got. */
export class FakeServices {
  public readonly requests: ServiceRequest[] = [];
  public readonly issues: FakeIssue[] = [];
  /** Answer the next N requests with 500 (an outage). */
  public failNext = 0;
  /** Answer 500 after doing the next create (the answer is lost: a crash or a network cut). */
  public loseNextCreateAnswer = false;

  public handle(request: ServiceRequest): ServiceAnswer {
    this.requests.push(request);
    if (this.failNext > 0) {
      this.failNext--;
      return { status: 500, body: { message: 'Server Error' } };
    }
    if (request.service === 'webhook')
      return request.method === 'POST' ? { status: 200, body: { ok: true } } : { status: 405 };
    return request.service === 'github' ? this.github(request) : this.jira(request);
  }

  /** Numbers count per repository or project, as the trackers number them. */
  private nextNumber(prefix: string): number {
    return this.issues.filter((i) => i.key.startsWith(prefix)).length + 1;
  }

  private created(issue: FakeIssue, answer: ServiceAnswer): ServiceAnswer {
    this.issues.push(issue);
    if (!this.loseNextCreateAnswer) return answer;
    this.loseNextCreateAnswer = false;
    return { status: 502, body: { message: 'Bad Gateway' } };
  }

  private github({ method, path, body }: ServiceRequest): ServiceAnswer {
    const url = new URL(path, 'http://x');
    const b = (body ?? {}) as Record<string, unknown>;
    if (method === 'GET' && url.pathname === '/user') return { status: 200, body: { login: FAKE_IDENTITY } };
    if (method === 'GET' && url.pathname === '/search/issues') {
      const q = url.searchParams.get('q') ?? '';
      const marker = /"([^"]+)"/.exec(q)?.[1] ?? '\0';
      const author = /\bauthor:(\S+)/.exec(q)?.[1];
      const items = this.issues
        .filter((i) => i.body.includes(marker) && (!author || i.author === author))
        .map((i) => this.githubIssue(i));
      return { status: 200, body: { total_count: items.length, incomplete_results: false, items } };
    }
    const m = /^\/repos\/([\w.-]+\/[\w.-]+)\/issues(?:\/(\d+))?(\/comments)?$/.exec(url.pathname);
    if (!m) return { status: 404, body: { message: 'Not Found' } };
    const [, repo, number, comments] = m;
    if (!number && method === 'POST') {
      if (typeof b.title !== 'string') return { status: 422, body: { message: 'Validation Failed' } };
      const n = this.nextNumber(`${repo}#`);
      const issue: FakeIssue = {
        author: FAKE_IDENTITY,
        number: n,
        key: `${repo}#${n}`,
        title: b.title,
        body: String(b.body ?? ''),
        labels: (b.labels as string[]) ?? [],
        state: 'open',
        comments: [],
      };
      return this.created(issue, { status: 201, body: this.githubIssue(issue, repo) });
    }
    const issue = this.issues.find((i) => i.key === `${repo}#${number}`);
    if (!issue) return { status: 404, body: { message: 'Not Found' } };
    if (comments && method === 'POST') {
      issue.comments.push(String(b.body));
      return { status: 201, body: { id: issue.comments.length, body: b.body } };
    }
    if (!comments && method === 'PATCH') {
      if (b.state === 'open' || b.state === 'closed') issue.state = b.state;
      return { status: 200, body: this.githubIssue(issue, repo) };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  private githubIssue(issue: FakeIssue, repo = issue.key.split('#')[0]) {
    return {
      number: issue.number,
      html_url: `https://github.com/${repo}/issues/${issue.number}`,
      title: issue.title,
      state: issue.state,
      labels: issue.labels.map((name) => ({ name })),
      user: { login: issue.author },
    };
  }

  private jira({ method, path, body }: ServiceRequest): ServiceAnswer {
    const url = new URL(path, 'http://x');
    const b = (body ?? {}) as {
      fields?: { project?: { key?: string }; summary?: string; description?: unknown; labels?: string[] };
      jql?: string;
      body?: unknown;
      transition?: { id?: string };
    };
    if (method === 'POST' && url.pathname === '/rest/api/3/issue') {
      const fields = b.fields ?? {};
      if (!fields.project?.key || !fields.summary)
        return { status: 400, body: { errorMessages: [], errors: { summary: 'required' } } };
      const n = this.nextNumber(`${fields.project?.key}-`);
      const key = `${fields.project?.key}-${n}`;
      const text = JSON.stringify(fields.description ?? {});
      const issue: FakeIssue = {
        author: FAKE_IDENTITY,
        number: n,
        key,
        title: fields.summary,
        body: text,
        labels: fields.labels ?? [],
        state: 'open',
        comments: [],
      };
      return this.created(issue, { status: 201, body: { id: String(10000 + n), key, self: `/rest/api/3/issue/${n}` } });
    }
    if (method === 'POST' && url.pathname === '/rest/api/3/search/jql') {
      const label = /labels = "([^"]+)"/.exec(String(b.jql))?.[1];
      const mine = /reporter = currentUser\(\)/.test(String(b.jql));
      const issues = this.issues
        .filter((i) => label && i.labels.includes(label) && (!mine || i.author === FAKE_IDENTITY))
        .map((i) => ({ key: i.key }));
      return { status: 200, body: { issues, isLast: true } };
    }
    const m = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)\/(comment|transitions)$/.exec(url.pathname);
    const issue = m && this.issues.find((i) => i.key === m[1]);
    if (!m || !issue) return { status: 404, body: { errorMessages: ['Issue does not exist'] } };
    if (m[2] === 'comment' && method === 'POST') {
      issue.comments.push(JSON.stringify(b.body));
      return { status: 201, body: { id: String(issue.comments.length) } };
    }
    if (m[2] === 'transitions' && method === 'GET')
      return {
        status: 200,
        body: {
          transitions: [
            { id: '11', name: 'To Do' },
            { id: '21', name: 'In Progress' },
            { id: '31', name: 'Done' },
          ],
        },
      };
    if (m[2] === 'transitions' && method === 'POST') {
      issue.state = b.transition?.id === '31' ? 'closed' : 'open';
      return { status: 204 };
    }
    return { status: 405 };
  }
}

/** Which fake service a URL of the real world is: by its host. */
export function serviceOfHost(host: string): ServiceRequest['service'] | undefined {
  if (host === 'api.github.com') return 'github';
  if (host.endsWith('.atlassian.net')) return 'jira';
  if (/(^hooks\.slack\.com|\.webhook\.office\.com|\.logic\.azure\.com|^chat\.googleapis\.com)$/.test(host))
    return 'webhook';
  return undefined;
}

/** Headers as a plain object, lower-case. */
export function headersOf(init?: RequestInit): Record<string, string> {
  return Object.fromEntries(
    Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
  );
}

/** A `fetch` answered by the fake services (by host), for `npm start`: nothing leaves the machine. */
export function fakeServicesFetch(services: FakeServices): typeof globalThis.fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    const service = serviceOfHost(url.host);
    if (!service) return new Response(JSON.stringify({ message: 'unknown service' }), { status: 404 });
    const answer = services.handle({
      service,
      method: init?.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      headers: headersOf(init),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status });
  };
}
