import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ApiClient, ApiError } from './api-client.ts';
import { parseCommandLine } from './parse-command-line.ts';
import { UsageError } from './usage-error.ts';

/** How often the pipeline is looked at while waiting for the next hop. */
const POLL_MS = 500;

/** One hop of the smoke test and when it was seen, in milliseconds after the alert was sent. */
interface Hop {
  readonly hop: string;
  readonly ms: number;
}

/** Where the smoke test sends and looks: the API, its webhook token, and how to call the API. */
interface Target {
  readonly api: string;
  readonly webhookToken?: string;
  readonly apiToken?: string;
}

/** The stack's outputs from `cdk deploy --outputs-file FILE`: its API and the secret of the webhook's token. */
async function deployedTarget(file: string, stack?: string): Promise<Target> {
  const outputs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  const name = stack ?? Object.keys(outputs).find((s) => outputs[s].ApiUrl);
  const mine = name ? outputs[name] : undefined;
  if (!mine?.ApiUrl || !mine.AlertmanagerTokenSecret)
    throw new UsageError(`${file}: no stack with ApiUrl and AlertmanagerTokenSecret${stack ? ` named ${stack}` : ''}`);
  const region = /execute-api\.([a-z0-9-]+)\./.exec(mine.ApiUrl)?.[1];
  const { SecretString } = await new SecretsManagerClient({ region }).send(
    new GetSecretValueCommand({ SecretId: mine.AlertmanagerTokenSecret }),
  );
  return { api: mine.ApiUrl, webhookToken: SecretString };
}

/** The Alertmanager payload of the smoke test's one alert (firing, or resolved). */
function smokeAlert(fingerprint: string, startsAt: string, status: 'firing' | 'resolved') {
  return {
    version: '4',
    groupKey: `{}:{alertname="WatchkeeperSmokeTest"}`,
    status,
    receiver: 'watchkeeper-smoke',
    groupLabels: { alertname: 'WatchkeeperSmokeTest' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'https://watchkeeper.invalid/smoke',
    alerts: [
      {
        status,
        labels: { alertname: 'WatchkeeperSmokeTest', severity: 'high', cluster: 'watchkeeper-smoke' },
        annotations: {
          summary: 'Watchkeeper smoke test: the pipeline pages. No action needed; it resolves itself.',
        },
        startsAt,
        endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
        fingerprint,
      },
    ],
  };
}

/** POST to the webhook as Alertmanager does (a bearer token, no SigV4); its ingestion summary. */
async function sendToWebhook(
  target: Target,
  payload: unknown,
): Promise<{ touchedAlerts?: Array<{ incidentId?: string }> }> {
  const response = await fetch(`${target.api.replace(/\/$/, '')}/alertmanager`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(target.webhookToken ? { authorization: `Bearer ${target.webhookToken}` } : {}),
    },
    body: JSON.stringify(payload),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as { touchedAlerts?: Array<{ incidentId?: string }> };
}

/** Wait for `seen` to answer something; undefined when the time runs out. */
async function waitFor<T>(seen: () => Promise<T | undefined>, deadline: number): Promise<T | undefined> {
  for (;;) {
    const value = await seen();
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * `watchkeeper smoke (--outputs FILE [--stack NAME] | --api URL [--token T]) [--timeout S] [--json]`:
 * one synthetic alert through the real pipeline — the Alertmanager webhook, ingestion, the incident
 * store, the escalation workflow, SNS — reporting each hop and the time to page, then its resolution,
 * which resolves the incident. Exit 0 when the page was sent and the incident resolved.
 */
export async function smokeCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandLine(argv, {
    outputs: { type: 'string' },
    stack: { type: 'string' },
    api: { type: 'string' },
    token: { type: 'string' },
    timeout: { type: 'string', default: '300' },
    json: { type: 'boolean', default: false },
  });
  if (!values.outputs === !values.api) throw new UsageError('name the stack (--outputs FILE) or the API (--api URL)');
  const timeoutMs = Number(values.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new UsageError(`--timeout ${values.timeout}: seconds, more than 0`);
  const target: Target = values.outputs
    ? await deployedTarget(values.outputs, values.stack)
    : { api: values.api as string, webhookToken: values.token, apiToken: values.token };
  const api = new ApiClient(target.api, target.apiToken);

  const hops: Hop[] = [];
  const start = Date.now();
  const deadline = start + timeoutMs;
  const hop = (name: string) => hops.push({ hop: name, ms: Date.now() - start });
  const fingerprint = `watchkeeper-smoke-${start.toString(36)}`;
  const startsAt = new Date(start).toISOString();

  const accepted = await sendToWebhook(target, smokeAlert(fingerprint, startsAt, 'firing'));
  hop('webhook accepted the alert');
  const incidentId = accepted.touchedAlerts?.find((a) => a.incidentId)?.incidentId;
  let paged = false;
  let resolved = false;
  if (incidentId) {
    const found = await waitFor(async () => api.request('GET', `/incidents/${incidentId}`).catch(notYet), deadline);
    if (found) hop('incident readable through the API');
    const page = await waitFor(async () => {
      const timeline = await api
        .request<{ items: Array<{ kind: string; text: string; at: string }> }>(
          'GET',
          `/incidents/${incidentId}/timeline`,
        )
        .catch(notYet);
      return timeline?.items.find((e) => e.kind === 'paged');
    }, deadline);
    if (page) {
      hop(`first page sent (${page.text})`);
      paged = true;
    }
    await sendToWebhook(target, smokeAlert(fingerprint, startsAt, 'resolved'));
    const closed = await waitFor(
      async () => {
        const incident = await api.request<{ status: string }>('GET', `/incidents/${incidentId}`).catch(notYet);
        return incident?.status === 'resolved' ? incident : undefined;
      },
      Math.max(deadline, Date.now() + 30_000),
    );
    if (closed) {
      hop('incident resolved by the alert resolving');
      resolved = true;
    } else {
      await api.request('POST', `/incidents/${incidentId}/resolve`, { resolution: 'Watchkeeper smoke test' });
      hop('incident resolved through the API');
    }
  }
  const timeToPageMs = hops.find((h) => h.hop.startsWith('first page'))?.ms;
  const ok = Boolean(incidentId && paged);
  if (values.json) out.write(`${JSON.stringify({ ok, incidentId, hops, timeToPageMs, resolved })}\n`);
  else {
    for (const h of hops) out.write(`  ${String(h.ms).padStart(7)} ms  ${h.hop}\n`);
    out.write(
      ok
        ? `\n✓ time to page: ${timeToPageMs} ms (incident ${incidentId}${resolved ? ', resolved' : ''})\n`
        : `\n✗ ${incidentId ? `no page within ${values.timeout} s (incident ${incidentId})` : 'the webhook created no incident'}: see docs/deploy.md#smoke\n`,
    );
  }
  return ok ? 0 : 1;
}

/** A 404 while the pipeline has not got there yet. */
function notYet(error: unknown): undefined {
  if (error instanceof ApiError && error.status === 404) return undefined;
  throw error;
}
