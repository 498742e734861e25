import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../../console/build.ts';
import { BROWSER_ENDPOINT, CONSOLE_BUILD, launchBrowser } from '../helpers/chromium.ts';

/**
 * One Chromium and one console build for every browser test of a run: the test files connect to the
 * browser (each with its own pages) and serve the same build. Closed by global-teardown.ts.
 */
export default async function setup(): Promise<void> {
  const [browser, built] = await Promise.all([
    launchBrowser(),
    buildConsole(mkdtempSync(join(tmpdir(), 'watchkeeper-console-'))),
  ]);
  (globalThis as { watchkeeperBrowser?: unknown }).watchkeeperBrowser = browser;
  process.env[BROWSER_ENDPOINT] = browser.wsEndpoint();
  process.env[CONSOLE_BUILD] = built.dir;
}
