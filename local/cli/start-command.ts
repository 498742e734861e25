import { parseArgs } from 'node:util';
import { loadRules } from '../../functions/core/rules/catalogue.ts';
import { Classifier } from '../../functions/core/rules/classifier.ts';
import { decodeInput } from '../../functions/core/sources/decode-input.ts';
import { classifyBatch } from '../../functions/core/ingest/process-records.ts';
import { loadConfigFile } from '../../lib/load-config.ts';
import { demoScenario } from '../demo/scenario.ts';

/** `watchkeeper start`: run the demo scenario through the pipeline and print what it found. */
export async function startCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' } } });
  const classifier = new Classifier(loadRules(loadConfigFile(values.config).rules));
  let events = 0;
  for (const input of demoScenario()) {
    const result = classifyBatch(decodeInput(input.text, { file: input.file }), classifier, input.file);
    events += result.events;
    for (const s of result.signals) {
      out.write(`${s.occurredAt}  ${s.severity.padEnd(8)} ${(s.rule ?? '').padEnd(36)} ${s.resource.namespace ?? '-'}/${s.resource.name ?? '-'}  ${s.actor.username}\n`);
    }
  }
  out.write(`\n${events} events classified\n`);
  return 0;
}
