import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { alertmanagerPayload } from '../helpers/external-events.ts';
import { request } from '../helpers/http.ts';

let runtime: LocalRuntime;
let server: ApiServer;

beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false });
  server = await runtime.serve({ port: 0 });
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

/** Occurrence `n` of one alert: same fingerprint, its own start (a distinct occurrence). */
function occurrence(n: number) {
  const payload = alertmanagerPayload([
    { name: 'KubePodCrashLooping', fingerprint: 'hotkey0001', labels: { pod: 'web-0' } },
  ]);
  const [alert] = payload.alerts as Array<Record<string, unknown>>;
  alert.startsAt = new Date(Date.parse('2026-11-24T02:40:00Z') + n * 1000).toISOString();
  return payload;
}

describe('one alert in a storm', () => {
  it.each([16, 32])('counts %i concurrent occurrences, every caller answered 200', async (n) => {
    // Act
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) => request(server.url, 'POST', '/alertmanager', occurrence(1000 * n + i))),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array(n).fill(200));
    const incident = [...runtime.alerts.values()].find((i) => i.rule !== undefined && i.cluster === 'prod-eu-1');
    const current = await runtime.store.getCurrent(incident?.fingerprint ?? '');
    expect(current?.count).toBe(n === 16 ? 16 : 48);
  });
});
