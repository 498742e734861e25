import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { controlTowerValidator } from '../control-tower.ts';
import { fleetStacks } from '../fleet-stacks.ts';
import type { WatchkeeperConfig } from '../../functions/core/config/schema.ts';
import type { StageSettings } from '../stages.ts';
import type { CfnTemplate, Finding, RehearsedTemplate } from './types.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** What one synth of a configuration gives the rehearsal. */
export interface Synthesized {
  readonly templates: readonly RehearsedTemplate[];
  /** What the validation plugins reported (AWS CloudFormation Validate, cdk-nag, Control Tower). */
  readonly findings: readonly Finding[];
}

/** The validation plugins' names as CDK reports them → the rehearsal's check families. */
const PLUGIN_CHECKS: Record<string, string> = {
  'CloudFormation Validate': 'cloudformation',
  'cdk-validator-cfnguard': 'control-tower',
  AwsSolutions: 'cdk-nag',
  Serverless: 'cdk-nag',
};

/**
 * Synthesize a configuration as `cdk synth` does (cdk.json's context, so AWS CloudFormation
 * Validate's errors are errors), with cdk-nag and the Control Tower controls, bundling skipped;
 * every stack's template and every unacknowledged finding of the plugins.
 */
export function synthesize(config: WatchkeeperConfig, stage: StageSettings): Synthesized {
  return synthesizeApp((app) => fleetStacks(app, config, stage));
}

/** {@link synthesize} of whatever `populate` puts into the app (the planted-error fixtures use it). */
export function synthesizeApp(populate: (app: App) => void): Synthesized {
  const { context } = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'watchkeeper-rehearsal-')),
    context: {
      ...context,
      'aws:cdk:bundling-stacks': [],
      // The report is read below: every finding, not only the first failure.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app), controlTowerValidator());
  populate(app);
  const assembly = app.synth();
  const templates = assembly.stacks.map((stack): RehearsedTemplate => {
    const text = readFileSync(stack.templateFullPath, 'utf8');
    return {
      name: stack.stackName,
      template: JSON.parse(text) as CfnTemplate,
      account: /^\d{12}$/.test(stack.environment.account) ? stack.environment.account : undefined,
      region: /^[a-z]{2}(-[a-z]+)+-\d$/.test(stack.environment.region) ? stack.environment.region : undefined,
      bytes: Buffer.byteLength(JSON.stringify(JSON.parse(text))),
      kind: 'stack',
    };
  });
  return { templates, findings: reportedFindings(join(assembly.directory, 'validation-report.json')) };
}

interface ValidationReport {
  readonly pluginReports?: ReadonlyArray<{
    readonly pluginName: string;
    readonly violations?: ReadonlyArray<{
      readonly ruleName: string;
      readonly description: string;
      readonly severity?: string;
      readonly violatingConstructs?: ReadonlyArray<{
        readonly constructPath?: string;
        readonly cloudFormationResource?: { readonly templatePath: string; readonly logicalId: string };
      }>;
    }>;
  }>;
}

/** The unacknowledged errors of the plugins' report (warnings and construct annotations are not findings). */
function reportedFindings(path: string): Finding[] {
  const report = JSON.parse(readFileSync(path, 'utf8')) as ValidationReport;
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? [])
      .filter((v) => PLUGIN_CHECKS[plugin.pluginName] && (v.severity === 'error' || v.severity === 'fatal'))
      .flatMap((v) =>
        (v.violatingConstructs ?? [{}]).map((c) => ({
          check: PLUGIN_CHECKS[plugin.pluginName],
          template:
            c.cloudFormationResource?.templatePath.replace(/\.template\.json$/, '') ??
            c.constructPath?.split('/')[0] ??
            '',
          resource: c.cloudFormationResource?.logicalId ?? c.constructPath,
          message: `${v.ruleName}: ${v.description}`,
        })),
      ),
  );
}
