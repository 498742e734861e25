import type {
  ActionBody,
  ActionList,
  ActionPlanBody,
  AlertDetail,
  IncidentCounts,
  InsightsBody,
  IncidentDetail,
  ReviewBody,
  ReviewFiling,
  IncidentPage,
  SilenceBody,
  SilenceList,
  StatusSummary,
  Timeline,
} from '../../functions/operations/schemas.ts';
import { SETTINGS } from './settings.ts';

export type {
  ActionBody,
  ActionList,
  ActionPlanBody,
  AlertDetail,
  IncidentCounts,
  IncidentDetail,
  InsightsBody,
  IncidentPage,
  IncidentSummary,
  SilenceBody,
  StatusSummary,
  Timeline,
} from '../../functions/operations/schemas.ts';

/** An answer the API refused, with its message. */
export class ApiError extends Error {
  public constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where a call's token comes from: the signed-in person's ID token (in AWS), nothing locally. */
let tokenSource: () => Promise<string | undefined> = async () => undefined;
/** What to do when the API says the token is no good (sign in again). */
let onUnauthorized: () => Promise<void> = async () => {};

/** Send the person's token with every call from now on (see `main.tsx`). */
export function authenticateWith(source: typeof tokenSource, unauthorized: typeof onUnauthorized): void {
  tokenSource = source;
  onUnauthorized = unauthorized;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = await tokenSource();
  const response = await fetch(`${SETTINGS.api}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: token } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) await onUnauthorized();
  const json = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new ApiError(response.status, json.message ?? response.statusText);
  return json as T;
}

const query = (params: Record<string, string | undefined>): string => {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** The API operations the console uses, typed by the API's own schemas. */
export const api = {
  incidents: (params: Record<string, string | undefined>) => call<IncidentPage>('GET', `/incidents${query(params)}`),
  counts: (params: Record<string, string | undefined>) =>
    call<IncidentCounts>('GET', `/incidents/counts${query(params)}`),
  incident: (id: string) => call<IncidentDetail>('GET', `/incidents/${encodeURIComponent(id)}`),
  alert: (id: string) => call<AlertDetail>('GET', `/alerts/${encodeURIComponent(id)}`),
  timeline: (id: string) => call<Timeline>('GET', `/incidents/${encodeURIComponent(id)}/timeline`),
  acknowledge: (id: string, comment?: string) =>
    call('POST', `/incidents/${encodeURIComponent(id)}/acknowledge`, comment ? { comment } : {}),
  resolve: (id: string, resolution: string) =>
    call('POST', `/incidents/${encodeURIComponent(id)}/resolve`, { resolution }),
  note: (id: string, text: string) => call('POST', `/incidents/${encodeURIComponent(id)}/notes`, { text }),
  merge: (id: string, into: string) => call('POST', `/incidents/${encodeURIComponent(id)}/merge`, { into }),
  split: (id: string, alert: string) => call('POST', `/incidents/${encodeURIComponent(id)}/split`, { alert }),
  silences: () => call<SilenceList>('GET', '/silences'),
  createSilence: (body: Record<string, unknown>) => call<SilenceBody>('POST', '/silences', body),
  expireSilence: (id: string) => call('DELETE', `/silences/${encodeURIComponent(id)}`),
  summary: () => call<StatusSummary>('GET', '/summary'),
  insights: (since: string) => call<InsightsBody>('GET', `/insights${query({ since })}`),
  review: (id: string) => call<ReviewBody>('GET', `/incidents/${encodeURIComponent(id)}/review`),
  actions: (id: string) => call<ActionList>('GET', `/incidents/${encodeURIComponent(id)}/actions`),
  actionPlan: (id: string, action: string) =>
    call<ActionPlanBody>('GET', `/incidents/${encodeURIComponent(id)}/actions/${encodeURIComponent(action)}/plan`),
  decideAction: (id: string, action: string, decision: 'approve' | 'reject') =>
    call<ActionBody>('POST', `/incidents/${encodeURIComponent(id)}/actions/${encodeURIComponent(action)}/${decision}`),
  fileReview: (id: string) => call<ReviewFiling>('POST', `/incidents/${encodeURIComponent(id)}/review/ticket`),
};
