import { join } from 'node:path';
import { parseCommandLine } from './parse-command-line.ts';
import { buildConsole } from '../../console/build.ts';
import { loadConfigFile } from '../../lib/load-config.ts';
import type { Scenario, ScenarioName } from '../demo/scenarios.ts';
import { SCENARIOS } from '../demo/scenarios.ts';
import { LocalRuntime } from '../runtime.ts';
import { DEMO_COLLABORATION, DEMO_SECRETS } from '../demo/collaboration.ts';
import { formatActions, formatIncidentTable, formatIntegrations, formatOutbox } from './incident-table.ts';
import { UsageError } from './usage-error.ts';

/** `.watchkeeper/runs/<time>-<pid>`: this run's files (the outbox, the status page). */
function runFolder(): string {
  return join('.watchkeeper', 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
}

/** The port `npm start` serves the API on unless told otherwise. */
export const DEFAULT_PORT = 8080;

/**
 * `watchkeeper start [--scenario NAME] [--port N] [--token T] [--once]`: the whole pipeline locally.
 * Replays a bundled scenario (the bad night unless told otherwise), prints the incidents and the
 * outbox, then serves the incident API on 127.0.0.1 until interrupted (`--once` stops after the replay).
 */
export async function startCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    config: { type: 'string' },
    port: { type: 'string' },
    token: { type: 'string' },
    once: { type: 'boolean', default: false },
    scenario: { type: 'string', default: 'bad-night' },
  });
  if (positionals.length > 0) throw new UsageError(`start takes no arguments, not "${positionals[0]}"`);
  if (!Object.hasOwn(SCENARIOS, values.scenario))
    throw new UsageError(
      `--scenario takes one of ${Object.keys(SCENARIOS).join(', ')}, not "${values.scenario.slice(0, 60)}"`,
    );
  const scenario: Scenario = SCENARIOS[values.scenario as ScenarioName];
  const port = Number(values.port ?? process.env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port takes a port number, not "${values.port}"`);
  // One folder per run: two `npm start` in one checkout never share or wipe each other's outbox.
  const run = runFolder();
  const outboxFile = join(run, 'outbox.jsonl');
  const loaded = loadConfigFile(values.config);
  const { chat, trackers } = loaded.collaboration;
  // Without chat or trackers of its own, the demo shows what its channels and trackers would get.
  const demo = Object.keys(chat).length + Object.keys(trackers).length === 0;
  const runtime = await LocalRuntime.start({
    config: demo ? { ...loaded, collaboration: DEMO_COLLABORATION } : loaded,
    outboxFile,
    statusPageDir: join(run, 'status-page'),
    secrets: demo ? DEMO_SECRETS : undefined,
  });
  scenario.objects?.(runtime.kubernetes);
  const token = values.token ?? process.env.WATCHKEEPER_API_TOKEN;
  const consoleDir = values.once ? undefined : (await buildConsole()).dir;
  const server = values.once ? undefined : await runtime.serve({ port, token, alertmanagerToken: token, consoleDir });
  if (server) out.write(`Console: ${server.url}/ (local: no sign-in)\n\n`);
  out.write(
    `Watchkeeper local pipeline: DynamoDB emulated in-process (dynalite, table ${runtime.dynamo.tableName}),\n`,
  );
  out.write(
    'the synthesized escalation state machine run in-process (waits compressed), SNS captured to the outbox.\n',
  );
  out.write(`Replaying the ${values.scenario} scenario: ${scenario.description}.\n\n`);
  let events = 0;
  let signals = 0;
  for (const input of scenario.inputs()) {
    const summary = await runtime.deliver(input);
    events += summary.events;
    signals += summary.signals;
  }
  // The scheduled check: clusters configured but silent (staging-eu-1 in the default configuration) raise an incident.
  const silence = scenario.checksLogSilence ? await runtime.checkLogSilence() : { silent: [] };
  await runtime.settle();
  // The status page's scheduled run, after the business topic's messages rewrote it along the way.
  await runtime.statusPage?.refresh();
  const incidents = (await runtime.currentIncidents()).filter((i) => !i.mergedInto);
  out.write(formatIncidentTable(incidents));
  out.write(
    `\n${events} events → ${signals} signals → ${runtime.alerts.size} alerts → ${incidents.length} incidents → ${runtime.outbox.firstPages} first pages (${runtime.outbox.pages} pages in all; ${runtime.dynamo.counter.writes} store writes, ${runtime.quarantine.records.size} quarantined)\n`,
  );
  if (silence.silent.length > 0) out.write(`Silent clusters (no control-plane logs): ${silence.silent.join(', ')}\n`);
  out.write(`\n${formatActions(incidents)}`);
  out.write(
    `\nOutbox (${runtime.outbox.entries.length} SNS messages, ${runtime.outbox.pages} pages; saved to ${outboxFile}):\n`,
  );
  out.write(formatOutbox(runtime.outbox.entries));
  if (runtime.collaboration) {
    out.write(
      `\nChat messages and tracker requests (${runtime.outbox.integrations.length}${demo ? '; the demo channels and trackers, answered locally: configure yours in "collaboration"' : ''}):\n`,
    );
    out.write(formatIntegrations(runtime.outbox.integrations));
  }
  if (!server) {
    await runtime.close();
    return 0;
  }
  // Serving, the pipeline runs as in AWS: an alert posted now pages when its group wait is over.
  runtime.goLive();
  const example = incidents.find((i) => i.severity === 'critical') ?? incidents[0];
  out.write(
    `\nConsole on ${server.url}/ (local: no sign-in). Incident API on ${server.url}${token ? ' (bearer token required)' : ''}, Alertmanager webhook on ${server.url}/alertmanager — try:\n`,
  );
  out.write(`  curl -s '${server.url}/incidents?status=open&limit=5'\n`);
  if (example)
    out.write(
      `  curl -s ${server.url}/incidents/${example.id}\n  npm run --silent watchkeeper -- incidents ack ${example.id} --api ${server.url}\n`,
    );
  out.write(`  curl -s ${server.url}/summary\n  OpenAPI: ${server.url}/openapi.json\n`);
  if (runtime.statusPage) out.write(`Status page for the business: ${server.url}/status/index.html\n`);
  out.write('Press Ctrl-C to stop.\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await runtime.close();
  return 0;
}
