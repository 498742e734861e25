import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { smokeCommand } from '../../local/cli/smoke-command.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { Capture } from '../helpers/capture.ts';

// `watchkeeper smoke` against what `npm start` serves: the same webhook, API and workflow as in AWS.
let runtime: LocalRuntime;
let server: ApiServer;
beforeAll(async () => {
  runtime = await LocalRuntime.start({
    config: parseConfig({
      contacts: { operations: [{ protocol: 'email', endpoint: 'noc@example.com' }] },
      // A new incident's first page waits this long for related alerts (Alertmanager's group_wait).
      grouping: { groupWaitSeconds: 1 },
    }),
  });
  server = await runtime.serve({ port: 0, token: 'local-token', alertmanagerToken: 'local-token' });
  // As `npm start` does once its replay is done: waits take their real time.
  runtime.goLive();
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

describe('watchkeeper smoke', () => {
  it('sends one alert through the webhook, sees its incident and its first page, then resolves it', async () => {
    // Act
    const out = new Capture();
    const code = await smokeCommand(['--api', server.url, '--token', 'local-token', '--json', '--timeout', '60'], out);

    // Assess
    const report = JSON.parse(out.text) as {
      ok: boolean;
      incidentId: string;
      hops: Array<{ hop: string; ms: number }>;
      timeToPageMs: number;
      resolved: boolean;
    };
    expect(code).toBe(0);
    expect(report.hops.map((h) => h.hop)).toEqual([
      'webhook accepted the alert',
      'incident readable through the API',
      expect.stringMatching(/^first page sent \(.*operations/),
      'incident resolved by the alert resolving',
    ]);
    // Live, as deployed: the first page went out once the group wait was over.
    expect(report.timeToPageMs).toBeGreaterThanOrEqual(1000);
    const page = runtime.outbox.entries.find((e) => e.incidentId === report.incidentId && e.kind === 'page');
    expect(page?.publish.Subject).toMatch(/Watchkeeper smoke test/);
    expect((await runtime.incidentStore.find(report.incidentId))?.status).toBe('resolved');
  });

  it('reads like a report for a person, and refuses a wrong call', async () => {
    const out = new Capture();
    expect(await smokeCommand(['--api', server.url, '--token', 'local-token'], out)).toBe(0);
    expect(out.text).toMatch(/^ +\d+ ms {2}webhook accepted the alert$/m);
    expect(out.text).toMatch(/✓ time to page: \d+ ms \(incident .*, resolved\)/);
    await expect(smokeCommand([], new Capture())).rejects.toThrow(
      'name the stack (--outputs FILE) or the API (--api URL)',
    );
    // The webhook's token is checked as in AWS.
    await expect(smokeCommand(['--api', server.url, '--token', 'wrong'], new Capture())).rejects.toThrow(
      /webhook answered 403: .*missing or wrong bearer token/,
    );
  });
});
