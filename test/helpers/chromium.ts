import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import type { Browser, BrowserContext } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';

/** Where browser tests put their screenshots (git-ignored). */
export const SCREENSHOTS = join('.watchkeeper', 'screenshots');

/** The environment variables through which the e2e global setup shares its browser and console build. */
export const BROWSER_ENDPOINT = 'WATCHKEEPER_TEST_BROWSER';
export const CONSOLE_BUILD = 'WATCHKEEPER_TEST_CONSOLE';

/**
 * Flags @sparticuz/chromium sets for Lambda that a person's browser does not have: one process (no
 * second browser context), and the same-origin policy and mixed-content blocking switched off.
 */
const NOT_A_PERSONS_BROWSER = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
]);

/** A real headless Chromium from npm (nothing downloads a browser), with a person's browser's security. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args.filter((arg) => !NOT_A_PERSONS_BROWSER.has(arg)),
    headless: true,
  });
}

/**
 * The run's Chromium (test/e2e/global-setup.ts), connected to: each test file gets a browser context
 * of its own (its pages, cookies and storage apart from the other files') and closes it when done,
 * leaving the browser to the others. Launched when there is none.
 */
export async function sharedBrowser(): Promise<{ browser: BrowserContext; release: () => Promise<void> }> {
  const endpoint = process.env[BROWSER_ENDPOINT];
  const browser = endpoint ? await puppeteer.connect({ browserWSEndpoint: endpoint }) : await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await browser.createBrowserContext();
  return {
    browser: context,
    release: async () => {
      await context.close();
      await (endpoint ? browser.disconnect() : browser.close());
    },
  };
}

/** The run's console build (test/e2e/global-setup.ts): the folder to serve. */
export function sharedConsoleBuild(): string {
  const dir = process.env[CONSOLE_BUILD];
  if (!dir) throw new Error(`${CONSOLE_BUILD} is not set: the e2e project's global setup builds the console`);
  return dir;
}
