import { parseCommandLine } from './parse-command-line.ts';
import { loadConfigFile } from '../../lib/load-config.ts';
import { readInputs } from '../read-inputs.ts';
import { LocalRuntime } from '../runtime.ts';
import { formatIncidentTable } from './incident-table.ts';
import { UsageError } from './usage-error.ts';

/** The summary `replay --json` prints as its last line. */
export interface ReplaySummary {
  /** Records delivered (each redelivery counted). */
  readonly events: number;
  /** Signals classified (each redelivery counted). */
  readonly signals: number;
  /** Distinct alerts (fingerprint generations). */
  readonly alerts: number;
  /** Incidents: the groups of alerts people are paged for. */
  readonly incidents: number;
  /** Tier-1 pages of each escalation's first round: how often someone was woken. */
  readonly firstPages: number;
  /** Sum of alert counts: never changed by redelivery. */
  readonly occurrences: number;
  /** Pages sent (every tier, repeats and last resort). */
  readonly notifications: number;
  /** Items written to the store. */
  readonly storeWrites: number;
  /** Distinct quarantined problems. */
  readonly quarantined: number;
  readonly deliveries: number;
  readonly duplicateDeliveries: number;
}

/** `watchkeeper replay [--repeat N] [--json] [--cluster NAME] [--config FILE] [FILE...]` */
export async function replayCommand(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    repeat: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    cluster: { type: 'string' },
    config: { type: 'string' },
  });
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 100)
    throw new UsageError('--repeat takes a whole number from 1 to 100');
  const runtime = await LocalRuntime.start({ config: loadConfigFile(values.config), cluster: values.cluster });
  try {
    const inputs = await readInputs(positionals, (message) => err.write(`watchkeeper: ${message}\n`));
    let events = 0;
    let signals = 0;
    let deliveries = 0;
    let duplicateDeliveries = 0;
    for (const input of inputs) {
      for (let i = 0; i < repeat; i++) {
        const summary = await runtime.deliver(input);
        events += summary.events;
        signals += summary.signals;
        deliveries++;
        if (summary.fingerprints > 0 && summary.duplicates === summary.fingerprints) duplicateDeliveries++;
      }
    }
    await runtime.settle();
    for (const execution of runtime.workflow?.executions.values() ?? []) {
      if (execution.status === 'failed')
        err.write(`watchkeeper: escalation ${execution.name} failed: ${execution.error}\n`);
    }
    for (const record of runtime.quarantine.records.values())
      err.write(
        `watchkeeper: quarantined ${record.location.file}${record.location.line ? `:${record.location.line}` : ''}: ${record.reason}\n`,
      );
    const alerts = [...runtime.alerts.values()];
    const incidents = await runtime.currentIncidents();
    const result: ReplaySummary = {
      events,
      signals,
      alerts: alerts.length,
      incidents: incidents.filter((i) => !i.mergedInto).length,
      firstPages: runtime.outbox.firstPages,
      occurrences: alerts.reduce((n, a) => n + a.count, 0),
      notifications: runtime.outbox.pages,
      storeWrites: runtime.dynamo.counter.writes,
      quarantined: runtime.quarantine.records.size,
      deliveries,
      duplicateDeliveries,
    };
    if (!values.json) out.write(formatIncidentTable(incidents));
    out.write(
      values.json
        ? `${JSON.stringify(result)}\n`
        : `\n${Object.entries(result)
            .map(([k, v]) => `${k}: ${v}`)
            .join('  ')}\n`,
    );
    return 0;
  } finally {
    await runtime.close();
  }
}
