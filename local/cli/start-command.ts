import { parseArgs } from 'node:util';
import { loadConfigFile } from '../../lib/load-config.ts';
import { demoScenario } from '../demo/scenario.ts';
import { LocalRuntime } from '../runtime.ts';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatIncidentTable, formatOutbox } from './incident-table.ts';
import { UsageError } from './usage-error.ts';

/** `watchkeeper start`: the whole pipeline locally, on the bundled demo scenario. */
export async function startCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { config: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const outboxFile = join('.watchkeeper', 'outbox.jsonl');
  rmSync(outboxFile, { force: true });
  const runtime = await LocalRuntime.start({ config: loadConfigFile(values.config), outboxFile });
  try {
    out.write(`Watchkeeper local pipeline: DynamoDB emulated in-process (dynalite, table ${runtime.dynamo.tableName}),\n`);
    out.write('the synthesized escalation state machine run in-process (waits compressed), SNS captured to the outbox.\n');
    out.write('Replaying the demo scenario: one night on prod-eu-1, delivered as CloudWatch Logs subscription payloads.\n\n');
    let events = 0;
    let signals = 0;
    for (const input of demoScenario()) {
      const summary = await runtime.deliver(input);
      events += summary.events;
      signals += summary.signals;
    }
    await runtime.settle();
    const incidents = [...(await runtime.store.getCurrentMany([...runtime.incidents.values()].map((i) => i.fingerprint))).values()];
    out.write(formatIncidentTable(incidents));
    out.write(`\n${events} events → ${signals} signals → ${incidents.length} incidents (${runtime.dynamo.counter.writes} store writes, ${runtime.quarantine.records.size} quarantined)\n`);
    out.write(`\nOutbox (${runtime.outbox.entries.length} SNS messages, ${runtime.outbox.pages} pages; saved to ${outboxFile}):\n`);
    out.write(formatOutbox(runtime.outbox.entries));
    return 0;
  } finally {
    await runtime.close();
  }
}
