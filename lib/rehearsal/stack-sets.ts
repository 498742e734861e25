import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationValidatePlugin } from 'aws-cdk-lib';
import { valuesOf } from './policies.ts';
import type { CfnTemplate, Finding, RehearsedTemplate } from './types.ts';

/** The templates StackSets in these templates deploy (their `TemplateBody`), as CloudFormation receives them. */
export function stackSetBodies(templates: readonly RehearsedTemplate[]): RehearsedTemplate[] {
  return templates.flatMap((t) =>
    Object.entries(t.template.Resources)
      .filter(([, r]) => r.Type === 'AWS::CloudFormation::StackSet' && r.Properties?.TemplateBody !== undefined)
      .map(([id, r]): RehearsedTemplate => {
        const text = valuesOf(t).render(r.Properties?.TemplateBody);
        return {
          name: `${t.name}/${id}`,
          template: JSON.parse(text) as CfnTemplate,
          bytes: Buffer.byteLength(text),
          kind: 'stack-set-body',
        };
      }),
  );
}

// Its engine compiles AWS's rules and schemas once (~2 s): one per process.
let plugin: CloudFormationValidatePlugin | undefined;

/**
 * AWS CloudFormation Validate (the validator `cdk synth` runs, AWS's resource schemas and rules) on
 * templates the synth did not see: StackSet bodies. Errors only, as `cdk synth` fails on them.
 */
export function validateBodies(bodies: readonly RehearsedTemplate[]): Finding[] {
  if (bodies.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'watchkeeper-bodies-'));
  const stackTemplates = bodies.map((body, index) => {
    const templatePath = join(dir, `body-${index}.template.json`);
    writeFileSync(templatePath, JSON.stringify(body.template));
    return { stackConstructPath: body.name, templatePath };
  });
  plugin ??= new CloudFormationValidatePlugin();
  const report = plugin.validate({
    templatePaths: stackTemplates.map((s) => s.templatePath),
    stackTemplates,
  } as never);
  return report.violations
    .filter((v) => v.severity === 'error' || v.severity === 'fatal')
    .flatMap((v) =>
      v.violatingResources.map((r) => ({
        check: 'cloudformation',
        template: bodies[stackTemplates.findIndex((s) => s.templatePath === r.templatePath)]?.name ?? r.templatePath,
        resource: r.resourceLogicalId,
        message: `${v.ruleName}: ${v.description}`,
      })),
    );
}
