/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'puppeteer-core';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { demoScenario } from '../../local/demo/scenario.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { expectAccessible } from '../helpers/browser.ts';
import { sharedBrowser } from '../helpers/chromium.ts';

// The links in pages, as a person follows them: the e-mail's link opened in a real Chromium (its
// policies in force, nothing bypassed) and the button clicked, over the local runtime serving the API
// as API Gateway would (the link authorizer included), after the demo night has paged.
const NOW = Date.now();

let runtime: LocalRuntime;
let server: ApiServer;
let browser: BrowserContext;
let release: (() => Promise<void>) | undefined;

beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), clock: () => NOW });
  // Served first: the pages' links carry the server's address.
  server = await runtime.serve({ port: 0 });
  for (const input of demoScenario(NOW)) await runtime.deliver(input);
  await runtime.settle();
  ({ browser, release } = await sharedBrowser());
}, 240_000);
afterAll(async () => {
  await release?.();
  await server?.close();
  await runtime?.close();
});

/** The links of one kind in the pages sent so far, with the incident each page was for. */
function linksIn(kind: 'ack' | 'act'): Array<{ incidentId: string; url: string }> {
  const pattern = new RegExp(`${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${kind}/[A-Za-z0-9._~-]+`, 'g');
  return runtime.outbox.entries.flatMap((entry) =>
    [...new Set(String(entry.publish.Message).match(pattern) ?? [])].map((url) => ({
      incidentId: entry.incidentId,
      url,
    })),
  );
}

/** A fresh page that records what the browser refused (a policy violation is a console error). */
async function personsPage(): Promise<{ page: Page; refused: string[] }> {
  const page = await browser.newPage();
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') refused.push(message.text());
  });
  return { page, refused };
}

/** Click a button and wait for the page its form leads to. */
async function click(page: Page, label: string): Promise<void> {
  const [button] = await page.$$(`xpath/.//button[normalize-space()="${label}"]`);
  expect(button).toBeDefined();
  await Promise.all([page.waitForNavigation({ timeout: 10_000 }), button?.click()]);
}

const heading = (page: Page) => page.$eval('h1', (h) => h.textContent);

describe('the acknowledgement link of a page', () => {
  it('acknowledges the incident when a person clicks Acknowledge in the browser', async () => {
    // Prepare: an open incident's link.
    const open = new Set((await runtime.currentIncidents()).filter((i) => i.status === 'open').map((i) => i.id));
    const link = linksIn('ack').find((l) => open.has(l.incidentId));
    expect(link).toBeDefined();
    const { page, refused } = await personsPage();

    // Act
    const response = await page.goto(link?.url ?? '', { waitUntil: 'networkidle0' });
    await click(page, 'Acknowledge');

    // Assess
    expect(response?.headers()['content-security-policy']).toContain("form-action 'self'");
    expect(await heading(page)).toBe('Acknowledged');
    expect((await runtime.incidentStore.find(link?.incidentId ?? ''))?.status).toBe('acknowledged');
    expect(refused).toEqual([]);
    await page.setBypassCSP(true);
    await page.reload({ waitUntil: 'networkidle0' });
    await expectAccessible(page, 'ack-page');
  });
});

describe('the action link of a page', () => {
  /** Links of actions still waiting for a person, on incidents still open. */
  const waitingActionLinks = async () => {
    const incidents = new Map((await runtime.currentIncidents()).map((i) => [i.id, i]));
    return linksIn('act').filter((l) => {
      const incident = incidents.get(l.incidentId);
      return incident?.status !== 'resolved' && incident?.actions?.some((a) => a.status === 'awaiting-approval');
    });
  };

  it('approves the action when a person clicks Approve, and the page says what happens next', async () => {
    // Prepare
    const [link] = await waitingActionLinks();
    expect(link).toBeDefined();
    const { page, refused } = await personsPage();
    await page.goto(link?.url ?? '', { waitUntil: 'networkidle0' });
    expect(await heading(page)).toBe('Approve this action?');

    // Act
    await click(page, 'Approve');

    // Assess
    expect(await heading(page)).toBe('Action approved');
    expect(await page.$eval('body', (b) => b.textContent)).toContain('The remediation workflow runs it once');
    const incident = await runtime.incidentStore.find(link?.incidentId ?? '');
    expect(incident?.actions?.some((a) => a.decidedBy?.startsWith('link ('))).toBe(true);
    expect(refused).toEqual([]);
  });

  it("refuses, and says why, once the action's incident is resolved: an old page acts on nothing", async () => {
    // Prepare: resolve an incident whose action still waits.
    const [link] = await waitingActionLinks();
    expect(link).toBeDefined();
    await runtime.api().incidents.resolve(link?.incidentId ?? '', 'jane', 'fixed by hand before anyone approved');
    const { page } = await personsPage();

    // Act
    await page.goto(link?.url ?? '', { waitUntil: 'networkidle0' });

    // Assess: no button to press, and a POST all the same (a stale form) changes nothing.
    expect(await page.$eval('body', (b) => b.textContent)).toMatch(
      /Nothing can be decided any more: incident .* is resolved/,
    );
    expect(await page.$$('button')).toHaveLength(0);
    const posted = await fetch(`${link?.url}/approve`, { method: 'POST', headers: { accept: 'application/json' } });
    expect(posted.status).toBe(200);
    const incident = await runtime.incidentStore.find(link?.incidentId ?? '');
    expect(incident?.actions?.filter((a) => a.status === 'approved' || a.status === 'running')).toEqual([]);
  });
});
