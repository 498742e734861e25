import { parseConfig } from '../../lib/load-config.ts';
import type { ShownConfiguration } from '../../lib/rehearsal/configurations.ts';
import { rehearse } from '../../lib/rehearsal/rehearse.ts';
import type { CfnTemplate, Finding, RehearsedTemplate } from '../../lib/rehearsal/types.ts';

/** A finding as one readable line (a failing test lists them). */
export const describeFinding = (f: Finding): string =>
  `[${f.check}] ${f.template}${f.resource ? ` ${f.resource}` : ''}: ${f.message}`;

/** The rehearsal of a shown configuration: its findings as lines, and how many templates it read. */
export async function rehearsed(shown: ShownConfiguration): Promise<{ findings: string[]; templates: string[] }> {
  const result = await rehearse(parseConfig(shown.data, shown.name), shown.stage);
  return { findings: result.findings.map(describeFinding), templates: result.templates.map((t) => t.name) };
}

/** A hand-made template as the rehearsal reads one (a fixture with one planted error). */
export function fixture(
  resources: CfnTemplate['Resources'],
  kind: RehearsedTemplate['kind'] = 'stack',
): RehearsedTemplate {
  const template = { Resources: resources };
  return {
    name: 'Planted',
    template,
    account: '111122223333',
    region: 'eu-west-1',
    bytes: Buffer.byteLength(JSON.stringify(template)),
    kind,
  };
}
