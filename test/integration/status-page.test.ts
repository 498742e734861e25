import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { signal } from '../helpers/signal.ts';

// The business status page as the pipeline keeps it: the status page function subscribed to the
// business topic (each message as SNS delivers it to Lambda) and run on its schedule, writing the
// files S3 holds in AWS; served at /status/ as CloudFront serves it.
const NOW = Date.parse('2026-12-02T09:00:00Z');
let runtime: LocalRuntime;
let server: ApiServer;
let incidentId: string;

const read = (name: string) => readFileSync(join(runtime.statusPage?.dir ?? '', name), 'utf8');
const page = () =>
  JSON.parse(read('status.json')) as {
    title: string;
    clusters: Array<{ cluster: string; status: string; components: Array<{ component: string; status: string }> }>;
    notes: Array<{ at: string; cluster: string; component: string; status: string; text: string }>;
  };
const etcdOf = () => page().clusters[0]?.components.find((c) => c.component === 'etcd')?.status;

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    config: parseConfig({
      clusters: [{ name: 'prod-eu-1' }, { name: 'staging' }],
      statusPage: { enabled: true, title: 'Acme service status', clusters: ['prod-eu-1'] },
    }),
    clock: () => NOW,
  });
  server = await runtime.serve({ port: 0 });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await runtime?.close();
});

const critical = (cluster: string, fingerprint: string) =>
  signal({
    cluster,
    fingerprint,
    rule: 'etcd-request-timeouts',
    title: 'etcd requests are timing out',
    severity: 'critical',
    category: 'reliability',
    component: 'etcd',
    team: 'platform',
    resource: { kind: 'Cluster', name: cluster },
    occurredAt: new Date(NOW - 60_000).toISOString(),
  });

describe('the business status page', () => {
  it('shows a critical incident on an opted-in cluster as unavailable, with the note the business topic got', async () => {
    // Act
    await storeSignals(
      [critical('prod-eu-1', 'fpStatusEtcd0000000001'), critical('staging', 'fpStatusEtcd0000000002')],
      runtime.deps,
    );
    await runtime.settle();
    incidentId = runtime.alerts.get('fpStatusEtcd0000000001.1')?.incidentId ?? 'missing';

    // Assess
    expect(page().title).toBe('Acme service status');
    expect(page().clusters.map((c) => c.cluster)).toEqual(['prod-eu-1']);
    expect(etcdOf()).toBe('unavailable');
    expect(page().clusters[0].status).toBe('unavailable');
    expect(page().notes).toEqual([
      {
        at: new Date(NOW).toISOString(),
        cluster: 'prod-eu-1',
        component: 'etcd',
        status: 'degraded',
        text: 'etcd on prod-eu-1 is degraded. The responsible teams are on it.',
      },
    ]);
    // Only names, health and notes: nothing of the cluster that did not opt in, no incident, no person.
    for (const file of ['status.json', 'index.html']) {
      expect(read(file)).not.toContain('staging');
      expect(read(file)).not.toContain(incidentId);
      expect(read(file)).not.toContain('platform');
    }
  });

  it('serves the page without login, with the CSP, and says the status in words as well as colour', async () => {
    // Act
    const response = await fetch(`${server.url}/status/index.html`);
    const html = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).not.toContain('<script');
    expect(html).toContain('<th scope="row">etcd</th><td class="unavailable">■ Unavailable</td>');
    expect(html).toContain('<th scope="row">kube-apiserver</th><td class="perfect">● Operational</td>');
    expect(html).toContain('etcd on prod-eu-1 is degraded');
    expect((await fetch(`${server.url}/status/style.css`)).headers.get('content-type')).toContain('text/css');
  });

  it('says the component is restored when the incident is resolved, newest note first', async () => {
    // Act
    await runtime.api().incidents.resolve(incidentId, 'jane', 'leader election settled after the disk was replaced');
    await runtime.settle();

    // Assess
    expect(etcdOf()).toBe('perfect');
    expect(page().notes.map((n) => n.status)).toEqual(['restored', 'degraded']);
    expect(page().notes[0].text).toBe('etcd on prod-eu-1 is restored.');
  });

  it('keeps the notes through scheduled runs and redelivered messages, each once', async () => {
    // Prepare
    const before = page().notes;
    const business = runtime.outbox.entries.filter((e) => e.team === 'business');
    const redelivered = {
      Records: business.map((e) => ({
        Sns: { Message: JSON.parse(String(e.publish.Message)).lambda, Timestamp: e.at, TopicArn: e.publish.TopicArn },
      })),
    };

    // Act
    await runtime.statusPage?.refresh();
    await runtime.statusPage?.refresh(redelivered as never);

    // Assess
    expect(business).toHaveLength(3);
    expect(page().notes).toEqual(before);
  });
});
