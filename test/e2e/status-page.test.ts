import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext } from 'puppeteer-core';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { expectAccessible } from '../helpers/browser.ts';
import { sharedBrowser } from '../helpers/chromium.ts';
import { signal } from '../helpers/signal.ts';

// The business status page in a real Chromium: readable without script or login, accessible.
let runtime: LocalRuntime;
let server: ApiServer;
let browser: BrowserContext;
let release: (() => Promise<void>) | undefined;

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    config: parseConfig({
      clusters: [{ name: 'prod-eu-1' }],
      statusPage: { enabled: true, title: 'Acme service status', clusters: ['prod-eu-1'] },
    }),
  });
  await storeSignals(
    [signal({ severity: 'critical', component: 'etcd', title: 'etcd requests are timing out', team: 'platform' })],
    runtime.deps,
  );
  await runtime.settle();
  server = await runtime.serve({ port: 0 });
  ({ browser, release } = await sharedBrowser());
}, 240_000);
afterAll(async () => {
  await release?.();
  await server?.close();
  await runtime?.close();
});

describe('the status page in a real browser', () => {
  it('shows each component in words, runs no script, and passes axe', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);

    // Act
    const response = await page.goto(`${server.url}/status/index.html`, { waitUntil: 'networkidle0' });

    // Assess
    expect(response?.status()).toBe(200);
    const rows = await page.$$eval('tbody tr', (trs) => trs.map((tr) => tr.textContent?.trim()));
    expect(rows).toContain('etcd■ Unavailable');
    expect(rows).toContain('dns● Operational');
    expect(await page.$eval('ul', (ul) => ul.textContent)).toContain('etcd on prod-eu-1 is degraded');
    await page.setJavaScriptEnabled(true);
    await page.setBypassCSP(true);
    await page.reload({ waitUntil: 'networkidle0' });
    await expectAccessible(page, 'status-page');
  });
});
