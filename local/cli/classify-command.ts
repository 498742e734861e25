import { parseArgs } from 'node:util';
import { InvalidInputError } from '../../functions/core/sources/errors.ts';
import { decodeInput, parseStreamOption } from '../../functions/core/sources/decode-input.ts';
import { formatLocation } from '../../functions/core/sources/problem.ts';
import { Classifier } from '../../functions/core/rules/classifier.ts';
import { loadRules } from '../../functions/core/rules/catalogue.ts';
import { loadConfigFile } from '../../lib/load-config.ts';
import { readInputs } from '../read-inputs.ts';
import { UsageError } from './usage-error.ts';

/** `watchkeeper classify [--all] [--stream NAME] [--cluster NAME] [--config FILE] [FILE...]` */
export async function classifyCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgsOrThrow(argv);
  const stream = values.stream === undefined ? undefined : parseStreamOption(values.stream);
  if (values.stream !== undefined && !stream) throw new UsageError(`unknown stream "${values.stream}"`);
  const classifier = new Classifier(loadRules(loadConfigFile(values.config).rules));
  const report = (message: string): void => {
    err.write(`watchkeeper: ${message}\n`);
  };
  for (const input of await readInputs(positionals, report)) {
    const decoded = decodeInput(input.text, { file: input.file, stream, cluster: values.cluster });
    for (const problem of decoded.problems) report(`${formatLocation(problem.location)}: ${problem.reason}`);
    for (const event of decoded.events) {
      try {
        for (const signal of classifier.classify(event, { includeUnmatched: values.all })) out.write(`${JSON.stringify(signal)}\n`);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        report(`${input.file}: event ${event.id}: ${error.message}`);
      }
    }
  }
  return 0;
}

function parseArgsOrThrow(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        all: { type: 'boolean', default: false },
        stream: { type: 'string' },
        cluster: { type: 'string' },
        config: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
