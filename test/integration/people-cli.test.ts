import { Capture } from '../helpers/capture.ts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { alertsCommand } from '../../local/cli/alerts-command.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { ApiClient } from '../../local/cli/api-client.ts';
import { incidentsCommand } from '../../local/cli/incidents-command.ts';
import { reviewCommand } from '../../local/cli/review-command.ts';
import { silencesCommand } from '../../local/cli/silences-command.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { signal } from '../helpers/signal.ts';
import { groupOf } from '../../functions/core/incidents/ids.ts';

let runtime: LocalRuntime;
let server: ApiServer;
/** Grouping is off here: each alert is the one alert of its incident. */
const ID = `${groupOf('alert|fpCliTest000000000001')}.1`;
const OTHER = `${groupOf('alert|fpCliTest000000000002')}.1`;
const run = async (command: typeof incidentsCommand, args: string[]) => {
  const out = new Capture();
  const code = await command([...args, '--api', server.url, '--token', 's3cret'], out);
  return { code, text: out.text };
};

beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({ grouping: { enabled: false } }), escalation: false });
  server = await runtime.serve({ port: 0, token: 's3cret', identity: 'jane' });
  await storeSignals(
    [
      signal({ fingerprint: 'fpCliTest000000000001', severity: 'high', title: 'Node not ready' }),
      signal({ fingerprint: 'fpCliTest000000000002', severity: 'medium', title: 'Container crash-looping' }),
    ],
    runtime.deps,
  );
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

describe('watchkeeper incidents / silences (against the local server)', () => {
  it('lists as a table and as JSON, acknowledges, notes and resolves', async () => {
    expect((await run(incidentsCommand, ['list'])).text).toMatch(new RegExp(`${ID}\\s+high\\s+open\\s+1 `));
    expect(JSON.parse((await run(incidentsCommand, ['list', '--json', '--severity', 'high'])).text)[0].id).toBe(ID);
    expect((await run(incidentsCommand, ['ack', ID])).text).toBe(`${ID} acknowledged by jane\n`);
    const again = await run(incidentsCommand, ['ack', ID]);
    expect(again).toEqual({ code: 1, text: expect.stringContaining('409') });
    expect((await run(incidentsCommand, ['note', ID, '--text', 'kubelet restarted'])).code).toBe(0);
    expect((await run(incidentsCommand, ['resolve', ID, '--resolution', 'replaced the node'])).text).toContain(
      'resolved by jane: replaced the node',
    );
    const shown = (await run(incidentsCommand, ['show', ID])).text;
    expect(shown).toContain('kubelet restarted');
    expect(shown).toContain('Resolved by jane: replaced the node');
  });

  it('drafts the post-incident review of a resolved incident, and refuses one for an open incident', async () => {
    // Act
    const review = await run(reviewCommand, [ID]);
    const open = await run(reviewCommand, [OTHER]);

    // Assess
    expect(review.code).toBe(0);
    expect(review.text).toMatch(/^# Post-incident review: Node not ready\n/);
    for (const part of [
      '## Impact',
      '- **Acknowledged**: by jane at',
      '| time to acknowledge |',
      '| kubelet restarted | jane |',
      '## Resolution\n\nreplaced the node',
      '- [ ] Which fix is permanent, who owns it, and by when?',
    ])
      expect(review.text).toContain(part);
    expect(open).toEqual({
      code: 1,
      text: `watchkeeper: 409: incident ${OTHER} is open: its review is drafted once it is resolved\n`,
    });
    // No tracker is configured here: filing says which setting would give one.
    expect(await run(reviewCommand, [ID, '--file'])).toEqual({
      code: 1,
      text: 'watchkeeper: 409: team development has no tracker: add collaboration.trackers.development to the configuration\n',
    });
  });

  it('merges and splits incidents, and lists and shows alerts', async () => {
    // The first incident is resolved: it merges into the open one, not the other way round.
    expect((await run(incidentsCommand, ['merge', OTHER, '--into', ID])).text).toContain('409');
    expect((await run(incidentsCommand, ['merge', ID, '--into', OTHER])).text).toBe(
      `${ID} merged into ${OTHER}: 2 alerts, high\n`,
    );
    const shown = (await run(incidentsCommand, ['show', OTHER])).text;
    expect(shown).toContain('alerts (2):');
    expect(shown).toContain('fpCliTest000000000001.1');
    const listed = (await run(alertsCommand, ['list', '--cluster', 'prod-eu-1'])).text;
    expect(listed).toMatch(new RegExp(`fpCliTest000000000001\\.1\\s+high\\s+resolved\\s+1\\s+prod-eu-1\\s+${OTHER}`));
    expect((await run(alertsCommand, ['show', 'fpCliTest000000000001.1'])).text).toContain(`incident ${OTHER}`);
    const split = await run(incidentsCommand, ['split', OTHER, '--alert', 'fpCliTest000000000001.1', '--json']);
    expect(JSON.parse(split.text)).toMatchObject({ policy: 'split', alertCount: 1, status: 'resolved' });
    await expect(run(incidentsCommand, ['merge', OTHER])).rejects.toThrow('incidents merge needs --into');
  });

  it('adds, lists and deletes a silence', async () => {
    const added = await run(silencesCommand, [
      'add',
      '--cluster',
      'prod-eu-1',
      '--severity',
      'low',
      '--duration',
      '2h',
      '--comment',
      'node group upgrade',
    ]);
    const id = /silence (\S+) created/.exec(added.text)![1];
    expect((await run(silencesCommand, ['list'])).text).toContain('cluster=prod-eu-1 severity=low');
    expect((await run(silencesCommand, ['delete', id])).text).toBe(`silence ${id} deleted\n`);
  });

  it('needs the bearer token when the local server is started with one', async () => {
    const out = new Capture();
    expect(await incidentsCommand(['list', '--api', server.url], out)).toBe(1);
    expect(out.text).toContain('403');
  });
});

describe('SigV4 signing for a deployed API', () => {
  it('signs requests with the AWS credential chain for execute-api', async () => {
    // Prepare: a server that records what it receives.
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const recorder = createServer((request, response) => {
      seen.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[],"nextCursor":null}');
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
    // Act
    await new ApiClient(url, undefined, 'eu-west-1').request('GET', '/incidents?status=open');
    recorder.close();
    // Assess
    expect(seen[0].authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTESTONLY\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=\S*host\S*, Signature=[0-9a-f]{64}$/,
    );
    expect(seen[0]['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });
});
