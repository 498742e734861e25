import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../../console/build.ts';
import type { Out } from './api-command.ts';
import { parseCommandLine } from './parse-command-line.ts';
import type { PublishClients } from './publish-console.ts';
import { consoleOutputsOf, publishClients, publishConsole } from './publish-console.ts';
import { UsageError } from './usage-error.ts';

/**
 * `watchkeeper console publish --outputs cdk-outputs.json [--stack NAME] [--region R]`: build the
 * console and put it where the deployed stack serves it.
 */
export async function consoleCommand(
  argv: string[],
  out: Out,
  _err?: Out,
  clients: (region?: string) => PublishClients = publishClients,
): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseCommandLine(rest, {
    outputs: { type: 'string' },
    stack: { type: 'string' },
    region: { type: 'string' },
  });
  if (sub !== 'publish') throw new UsageError('console takes one subcommand: publish');
  if (!values.outputs) throw new UsageError('console publish needs --outputs FILE (cdk deploy --outputs-file FILE)');
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(values.outputs, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${values.outputs}: ${(error as Error).message}`);
  }
  const outputs = consoleOutputsOf(document, values.stack);
  const built = await buildConsole(mkdtempSync(join(tmpdir(), 'watchkeeper-console-')));
  const published = await publishConsole(built, outputs, clients(values.region));
  out.write(
    `published the console (${published.files.length} files, ${(built.jsGzipBytes / 1024).toFixed(1)} KB of JavaScript gzip) ` +
      `to s3://${outputs.ConsoleBucketName}; CloudFront invalidation ${published.invalidationId} under way\n` +
      `open ${published.url}\n`,
  );
  return 0;
}
