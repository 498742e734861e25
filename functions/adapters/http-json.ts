/** The `fetch` the adapters use: the global one in Lambda, a recording one locally, a real one against a test server. */
export type Fetch = typeof globalThis.fetch;

/** A request that failed for good: the status (0 without an answer) and what the service said, never the URL's secrets. */
export class HttpRequestError extends Error {
  public constructor(
    public readonly status: number,
    public readonly what: string,
    public readonly detail: string,
    public readonly attempts: number,
  ) {
    super(`${what} answered ${status || 'nothing'} after ${attempts} attempt(s)${detail ? `: ${detail}` : ''}`);
    this.name = 'HttpRequestError';
  }
}

/** How a request is retried: attempts, and the base of the full-jitter backoff. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseMs: number;
  /** Longest wait honoured from a `Retry-After` header. */
  readonly maxWaitMs: number;
}

/** Three attempts, 0.2 s, 0.4 s apart on average: a tracker's blip is absorbed, an outage goes to the queue's retries. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseMs: 200, maxWaitMs: 5_000 };

/** One request. */
export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Names the service in errors instead of the URL (webhook URLs are secrets). */
  readonly what: string;
}

/** Statuses worth another attempt: no answer, timeouts, throttling, server errors. */
const retryable = (status: number): boolean => status === 0 || status === 408 || status === 429 || status >= 500;

/** Milliseconds to wait before attempt `attempt + 1`: full jitter over an exponential base. */
const jitter = (retry: RetryPolicy, attempt: number): number => Math.random() * retry.baseMs * 2 ** (attempt - 1);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Send a JSON request and read the JSON answer (or nothing), retrying timeouts, 429 and 5xx with
 * full-jitter backoff (honouring `Retry-After`); 4xx are final. Each attempt times out after 10 s.
 */
export async function requestJson<T = unknown>(
  fetchFn: Fetch,
  request: JsonRequest,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  let status = 0;
  let detail = '';
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    let wait = jitter(retry, attempt);
    try {
      const response = await fetchFn(request.url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (response.ok) return (text && /^[[{]/.test(text.trim()) ? JSON.parse(text) : undefined) as T;
      status = response.status;
      detail = text.replace(/\s+/g, ' ').slice(0, 200);
      const after = Number(response.headers.get('retry-after'));
      if (Number.isFinite(after) && after > 0) wait = Math.min(after * 1000, retry.maxWaitMs);
    } catch (error) {
      status = 0;
      detail = (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message;
    }
    if (!retryable(status)) return Promise.reject(new HttpRequestError(status, request.what, detail, attempt));
    if (attempt < retry.attempts) await sleep(wait);
  }
  throw new HttpRequestError(status, request.what, detail, retry.attempts);
}

/**
 * A create, which is not idempotent: one attempt at a time, and before trying again a look for what
 * an attempt whose answer was lost may have created (`findFiled`).
 */
export async function createOnce<T>(
  policy: RetryPolicy,
  create: (single: RetryPolicy) => Promise<T>,
  findFiled: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create({ ...policy, attempts: 1 });
    } catch (error) {
      if (!(error instanceof HttpRequestError)) throw error;
      if (!retryable(error.status) || attempt >= policy.attempts)
        throw new HttpRequestError(error.status, error.what, error.detail, attempt);
      await sleep(jitter(policy, attempt));
      const filed = await findFiled().catch(() => undefined);
      if (filed) return filed;
    }
  }
}
