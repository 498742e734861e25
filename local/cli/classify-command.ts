import { decodeInput, parseStreamOption } from '../../functions/core/sources/decode-input.ts';
import { formatLocation } from '../../functions/core/sources/problem.ts';
import { Classifier } from '../../functions/core/rules/classifier.ts';
import { classifyBatch } from '../../functions/core/ingest/process-records.ts';
import { loadRules } from '../../functions/core/rules/catalogue.ts';
import { loadConfigFile } from '../../lib/load-config.ts';
import { readInputs } from '../read-inputs.ts';
import { parseCommandLine } from './parse-command-line.ts';
import { UsageError } from './usage-error.ts';
import { terminalJson } from './columns.ts';
import { bundledAwsRanges } from '../../functions/core/sources/aws-ranges-data.ts';

/** `watchkeeper classify [--all] [--stream NAME] [--cluster NAME] [--config FILE] [FILE...]` */
export async function classifyCommand(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    all: { type: 'boolean', default: false },
    stream: { type: 'string' },
    cluster: { type: 'string' },
    config: { type: 'string' },
  });
  const stream = values.stream === undefined ? undefined : parseStreamOption(values.stream);
  if (values.stream !== undefined && !stream) throw new UsageError(`unknown stream "${values.stream}"`);
  const config = loadConfigFile(values.config);
  const classifier = new Classifier(loadRules(config.rules), {
    awsRanges: bundledAwsRanges,
    trustedNetworks: config.trustedNetworks,
  });
  const report = (message: string): void => {
    err.write(`watchkeeper: ${message}\n`);
  };
  for (const input of await readInputs(positionals, report)) {
    const decoded = decodeInput(input.text, { file: input.file, stream, cluster: values.cluster });
    const batch = classifyBatch(decoded, classifier, input.file, { includeUnmatched: values.all });
    // First-seen rules need the baseline of what each principal did before: replay and the pipeline have it, classify does not.
    for (const signal of batch.signals) if (!signal.firstSeen) out.write(`${terminalJson(signal)}\n`);
    for (const problem of batch.problems) report(`${formatLocation(problem.location)}: ${problem.reason}`);
  }
  return 0;
}
