/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'puppeteer-core';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { DEMO_COLLABORATION, DEMO_SECRETS } from '../../local/demo/collaboration.ts';
import { demoScenario } from '../../local/demo/scenario.ts';
import { ticketNotification } from '../../functions/core/collaboration/events.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { signal } from '../helpers/signal.ts';
import { expectAccessible } from '../helpers/browser.ts';
import { sharedBrowser, sharedConsoleBuild } from '../helpers/chromium.ts';

// The console in a real headless Chromium (from npm: nothing downloads a browser), over the local
// runtime with the bad night and 30 more incidents, served as `npm start` serves it.
const NOW = Date.now();

let runtime: LocalRuntime;
let server: ApiServer;
let browser: BrowserContext;
let release: (() => Promise<void>) | undefined;
let page: Page;

/** Alerts in their own incidents (crash loops of 30 workloads) on a cluster of their own. */
const bulk = (count: number, cluster: string, first = 0) =>
  storeSignals(
    Array.from({ length: count }, (_, i) =>
      signal({
        cluster,
        fingerprint: `fpConsole${cluster}${String(first + i).padStart(4, '0')}`,
        resource: { kind: 'Pod', namespace: `ns-${first + i}`, name: `api-${first + i}-7d9f8c6b5-x2kqp` },
        occurredAt: new Date(NOW - (count - i) * 60_000).toISOString(),
      }),
    ),
    runtime.deps,
  );

beforeAll(async () => {
  // The demo's trackers: development files GitHub issues (answered in-process, as `npm start` does).
  runtime = await LocalRuntime.start({
    config: { ...parseConfig({}), collaboration: DEMO_COLLABORATION },
    secrets: DEMO_SECRETS,
    escalation: false,
  });
  for (const input of demoScenario(NOW)) await runtime.deliver(input);
  await bulk(30, 'bulk');
  server = await runtime.serve({ port: 0, consoleDir: sharedConsoleBuild() });
  ({ browser, release } = await sharedBrowser());
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  // axe is injected as a script: let it past the console's CSP (which forbids inline scripts).
  await page.setBypassCSP(true);
}, 240_000);
afterAll(async () => {
  await release?.();
  await server?.close();
  await runtime?.close();
});

const open = async (hash: string) => {
  await page.goto(`${server.url}/${hash}`, { waitUntil: 'networkidle0' });
};
const texts = (selector: string) => page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent?.trim() ?? ''));
const rows = () => texts('table.queue tbody tr');
const waitForText = (text: string) =>
  page.waitForFunction((t) => document.body.textContent?.includes(t) === true, { timeout: 10_000 }, text);

const accessible = (name: string) => expectAccessible(page, name);

describe('the console in a real browser', () => {
  it('serves the queue at / with a CSP, says nobody signs in, and passes axe', async () => {
    const response = await page.goto(`${server.url}/`, { waitUntil: 'networkidle0' });
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('table.queue tbody tr');
    expect(await page.$eval('body', (b) => b.textContent)).toContain('Local console: no sign-in');
    expect((await rows()).length).toBe(25);
    await accessible('queue');
  });

  it('filters through the URL and pages by cursor', async () => {
    await open('#/');
    await page.waitForSelector('form.filters');
    await page.type('input[name="cluster"]', 'bulk');
    await Promise.all([page.waitForNetworkIdle(), page.click('form.filters button[type="submit"]')]);
    expect(page.url()).toContain('cluster=bulk');
    expect((await rows()).length).toBe(25);
    await page.waitForSelector('nav.counts a');
    expect(await texts('nav.counts a')).toEqual(['open 30', 'acknowledged 0', 'resolved 0']);
    await Promise.all([page.waitForNetworkIdle(), page.click('nav.pager button:last-child')]);
    expect(page.url()).toContain('cursor=');
    expect((await rows()).length).toBe(5);
    await Promise.all([page.waitForNetworkIdle(), page.click('nav.pager button:first-child')]);
    expect((await rows()).length).toBe(25);

    await open('#/?status=open&cluster=prod-eu-1');
    await page.waitForSelector('table.queue tbody tr');
    const statuses = await texts('table.queue tbody tr td:nth-child(2)');
    expect(statuses.length).toBeGreaterThan(3);
    expect(new Set(statuses)).toEqual(new Set(['open']));
    expect(await page.$eval('select[name="status"]', (s) => (s as HTMLSelectElement).value)).toBe('open');
  });

  it('shows an incident with its alerts and runbook; acknowledges, notes and resolves it', async () => {
    await open('#/?cluster=prod-eu-1&status=open');
    await page.waitForSelector('table.queue tbody tr');
    const link = await page.waitForSelector('xpath/.//a[contains(., "Control plane trouble on prod-eu-1")]');
    await Promise.all([page.waitForNetworkIdle(), link?.click()]);
    await page.waitForSelector('#incident-title');
    const body = await page.$eval('body', (b) => b.textContent);
    expect(body).toContain('etcd requests timing out');
    expect(body).toContain('(symptom)');
    expect(body).toContain('Runbook');
    await accessible('incident');

    await page.type('input[name="comment"]', 'looking');
    await page.click('xpath/.//button[.="Acknowledge"]');
    await waitForText('acknowledged by');
    await page.type('textarea[name="text"]', 'etcd disk latency high on one member');
    await page.click('xpath/.//button[.="Add note"]');
    await waitForText('etcd disk latency high on one member');
    await page.type('textarea[name="resolution"]', 'defragmented etcd');
    await page.click('xpath/.//button[.="Resolve"]');
    await waitForText('resolved by');
    expect(await page.$eval('.facts', (p) => p.textContent)).toContain('resolved');
  });

  it('shows the resolution in the knowledge base of a new incident of the same rule', async () => {
    await open('#/?cluster=kb');
    await bulk(1, 'kb', 0);
    const first = (await runtime.currentIncidents()).find((i) => i.cluster === 'kb');
    await open(`#/incidents/${first?.id}`);
    await page.waitForSelector('textarea[name="resolution"]');
    await page.type('textarea[name="resolution"]', 'raised the memory limit of api');
    await page.click('xpath/.//button[.="Resolve"]');
    await waitForText('resolved by');
    // The resolved incident offers its post-incident review draft.
    await page.click('xpath/.//summary[.="Post-incident review draft"]');
    await page.waitForSelector('textarea.review');
    const review = await page.$eval('textarea.review', (t) => (t as HTMLTextAreaElement).value);
    expect(review).toMatch(/^# Post-incident review: /);
    expect(review).toContain('## Resolution\n\nraised the memory limit of api');

    await bulk(1, 'kb', 1);
    const second = (await runtime.currentIncidents()).find((i) => i.cluster === 'kb' && i.id !== first?.id);
    await open(`#/incidents/${second?.id}`);
    await page.waitForSelector('ul.knowledge li');
    expect(await texts('ul.knowledge li')).toEqual([expect.stringContaining('raised the memory limit of api')]);
  });

  it('links the incident’s ticket, and files its review in the owner team’s tracker at a click', async () => {
    const incident = (await runtime.currentIncidents()).find((i) => i.team === 'development' && i.status === 'open');
    if (!incident) throw new Error('the demo has an incident of development');
    // What the escalation workflow asks when it pages development: the collaboration function files the issue.
    await runtime.outbox.publish(ticketNotification(incident, 'development'));
    await open(`#/incidents/${incident.id}`);
    await page.waitForSelector('p.tickets a');
    expect(await page.$eval('p.tickets', (p) => p.textContent)).toBe('Ticket: example/shop#1 (GitHub, development)');
    expect(await page.$eval('p.tickets a', (a) => a.getAttribute('href'))).toBe(
      'https://github.com/example/shop/issues/1',
    );
    await page.type('textarea[name="resolution"]', 'rolled back payments/api');
    await page.click('xpath/.//button[.="Resolve"]');
    await waitForText('resolved by');
    await page.click('xpath/.//summary[.="Post-incident review draft"]');
    await page.click('xpath/.//button[.="File the review in development\'s tracker"]');
    await waitForText('Review: example/shop#2');
    expect(await page.$eval('p.tickets', (p) => p.textContent)).toBe(
      'Ticket: example/shop#1 (GitHub, development) · Review: example/shop#2 (GitHub, development)',
    );
    expect(await page.$$('xpath/.//button[contains(., "File the review")]')).toHaveLength(0);
    const filed = runtime.collaboration?.services.issues.find((i) => i.key === 'example/shop#2');
    expect(filed?.title).toBe(`Post-incident review: ${incident.title}`);
    await accessible('incident with tickets');
  });

  it("shows an incident's actions, dry-runs one and approves it: the workflow sends exactly that, once", async () => {
    // A crash-looping pod of the bulk cluster, with the ReplicaSet and Deployment that own it.
    const k = runtime.kubernetes;
    k.putDeployment('ns-3', 'api-3', { revisions: [{ hash: '7d9f8c6b5', replicas: 2 }], pods: ['x2kqp'] });
    const incident = (await runtime.currentIncidents()).find((i) =>
      i.alerts.some((a) => a.id.startsWith('fpConsolebulk0003')),
    );
    await open(`#/incidents/${incident?.id}`);
    const restart = 'Rollout-restart api-3-7d9f8c6b5-x2kqp in ns-3';
    // A hash change keeps the page: wait for this incident's actions, not the last one's.
    await page.waitForSelector(`xpath/.//button[@aria-label="Dry run: ${restart}"]`);
    expect(await texts('.remediation tbody tr')).toEqual([
      expect.stringMatching(/^Collect the recent events .*autosucceeded/),
      expect.stringMatching(new RegExp(`^${restart}suggestsuggestedDry run Approve Reject$`)),
      "Scale api-3-7d9f8c6b5-x2kqp in ns-3 to its previous revision's number of replicassuggestsuggestedDry run Approve Reject",
    ]);
    await page.click(`xpath/.//button[@aria-label="Dry run: ${restart}"]`);
    await page.waitForSelector('.dry-run pre');
    expect(await page.$eval('.dry-run pre', (p) => p.textContent)).toMatch(
      /^PATCH \/apis\/apps\/v1\/namespaces\/ns-3\/deployments\/api-3 \{"spec":\{"template":\{"metadata":\{"annotations":\{"kubectl.kubernetes.io\/restartedAt":/,
    );
    const patches = () => k.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/ns-3/'));
    expect(patches()).toEqual([]);
    await accessible('incident with actions');

    await page.click(`xpath/.//button[@aria-label="Approve: ${restart}"]`);
    await waitForText(`Approved: ${restart}`);
    await runtime.remediation.settle();
    expect(patches().map((r) => r.path)).toEqual(['/apis/apps/v1/namespaces/ns-3/deployments/api-3']);
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('#remediation-title');
    expect((await texts('.remediation tbody tr'))[1]).toMatch(/succeeded by local-user/);
    expect(await page.$$(`xpath/.//button[@aria-label="Approve: ${restart}"]`)).toHaveLength(0);
  });

  it('creates a silence after previewing what it mutes, and expires it', async () => {
    await open('#/silences');
    await page.waitForSelector('form.silence-form');
    await page.type('input[name="cluster"]', 'bulk');
    await waitForText('Would mute');
    expect(await page.$eval('body', (b) => b.textContent)).toMatch(/Would mute 30 of \d+ open incidents/);
    await page.type('input[name="comment"]', 'node group upgrade');
    await page.click('xpath/.//button[.="Create silence"]');
    await waitForText('Silence created');
    await page.waitForSelector('xpath/.//td[contains(., "node group upgrade")]');
    await accessible('silences');
    await page.click('xpath/.//button[.="Expire"]');
    await waitForText('Silence expired');
    const left = await runtime.silences.list();
    expect(left.filter((s) => s.comment === 'node group upgrade' && Date.parse(s.endsAt) > Date.now())).toEqual([]);
  });

  it('shows insights over the incidents resolved so far: counts, MTTR per team and the noisiest rules', async () => {
    await open('#/insights');
    await page.waitForSelector('xpath/.//caption[.="By team"]');
    const overall = await texts('table:first-of-type tbody tr td');
    expect(Number(overall[0])).toBeGreaterThanOrEqual(2);
    expect(overall[3]).toMatch(/min$/);
    expect(await texts('xpath/.//caption[.="Noisiest rules"]/../tbody/tr/th')).toContain('crash-loop-backoff');
    await page.select('#period', '7');
    await page.waitForFunction(() => window.location.hash.includes('days=7'));
    await accessible('insights');
  });

  it('shows the status grid change when an incident opens and when it resolves', async () => {
    const cell = () => page.$eval('td[data-cluster="grid"][data-component="workload"]', (td) => td.textContent ?? '');
    await bulk(1, 'grid');
    await open('#/status');
    await page.waitForSelector('table.status-grid');
    expect(await cell()).toContain('degraded');
    expect(await texts('table.history tbody tr[data-cluster="grid"] td')).toHaveLength(4);
    await accessible('status');

    const incident = (await runtime.currentIncidents()).find((i) => i.cluster === 'grid');
    await runtime.api().incidents.resolve(incident?.id ?? '', 'e2e', 'fixed');
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('table.status-grid');
    expect(await page.$('td[data-cluster="grid"][data-component="workload"]')).toBeNull();
  });
});
