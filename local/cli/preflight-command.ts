import { loadConfigFile } from '../../lib/load-config.ts';
import { stageOf } from '../../lib/stages.ts';
import { AccountClients } from '../preflight/account.ts';
import type { CheckResult } from '../preflight/checks.ts';
import { preflight } from '../preflight/checks.ts';
import { parseCommandLine } from './parse-command-line.ts';
import { UsageError } from './usage-error.ts';

const MARKS: Record<CheckResult['status'], string> = { ok: '✓', miss: '✗', warn: '!' };

/**
 * `watchkeeper preflight [--config FILE] [--stage dev|prod] [--region R] [--json]`: read-only checks of
 * the account the credentials are in, before `cdk deploy` (docs/deploy.md#preflight). Exit 1 when
 * something would make the deploy fail or leave it blind.
 */
export async function preflightCommand(
  argv: string[],
  out: NodeJS.WritableStream,
  _err: NodeJS.WritableStream,
  access: { endpoint?: string } = {},
): Promise<number> {
  const { values } = parseCommandLine(argv, {
    config: { type: 'string' },
    stage: { type: 'string' },
    region: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const config = loadConfigFile(values.config);
  const region = values.region ?? config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new UsageError('name the region: --region, "region" in the configuration, or AWS_REGION');
  const clients = new AccountClients({ region, endpoint: access.endpoint });
  const results = await preflight({ config, stage: stageOf(values.stage), clients, region });
  const misses = results.filter((r) => r.status === 'miss').length;
  if (values.json) out.write(`${JSON.stringify({ region, results, misses })}\n`);
  else {
    for (const r of results) {
      out.write(`${MARKS[r.status]} ${r.check.padEnd(13)} ${r.detail}\n`);
      if (r.fix) out.write(`  ${''.padEnd(13)} → ${r.fix}\n`);
    }
    out.write(
      misses === 0
        ? `\nReady to deploy: npx cdk deploy --all${values.stage ? ` -c stage=${values.stage}` : ''}\n`
        : `\n${misses} thing(s) to fix before cdk deploy.\n`,
    );
  }
  return misses === 0 ? 0 : 1;
}
