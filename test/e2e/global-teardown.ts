import type { Browser } from 'puppeteer-core';

/** Close the run's Chromium (global-setup.ts). */
export default async function teardown(): Promise<void> {
  await (globalThis as { watchkeeperBrowser?: Browser }).watchkeeperBrowser?.close();
}
