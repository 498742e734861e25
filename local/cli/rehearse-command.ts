import { loadConfigFile } from '../../lib/load-config.ts';
import { rehearse } from '../../lib/rehearsal/rehearse.ts';
import { stageOf } from '../../lib/stages.ts';
import { parseCommandLine } from './parse-command-line.ts';

/**
 * `watchkeeper rehearse [--config FILE] [--stage dev|prod] [--json]`: the deploy rehearsal of your own
 * configuration (what `npm test` runs on every configuration it ships): exit 1 on any finding.
 */
export async function rehearseCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandLine(argv, {
    config: { type: 'string' },
    stage: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const result = await rehearse(loadConfigFile(values.config), stageOf(values.stage));
  if (values.json)
    out.write(`${JSON.stringify({ templates: result.templates.map((t) => t.name), findings: result.findings })}\n`);
  else {
    for (const f of result.findings)
      out.write(`✗ [${f.check}] ${f.template}${f.resource ? ` ${f.resource}` : ''}: ${f.message}\n`);
    out.write(
      result.findings.length === 0
        ? `✓ ${result.templates.length} template(s) pass AWS's published rules: ${result.templates.map((t) => t.name).join(', ')}\n`
        : `\n${result.findings.length} finding(s): CloudFormation would refuse the deploy, or what it deploys would not work.\n`,
    );
  }
  return result.findings.length === 0 ? 0 : 1;
}
