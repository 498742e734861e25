import type { WatchkeeperConfig } from '../../functions/core/config/schema.ts';
import type { StageSettings } from '../stages.ts';
import { checkIam } from './checks/iam.ts';
import { checkIntegrations } from './checks/integrations.ts';
import { checkQuotas } from './checks/quotas.ts';
import { checkStateMachines } from './checks/state-machines.ts';
import { stackSetBodies, validateBodies } from './stack-sets.ts';
import { synthesize } from './synthesize.ts';
import type { Finding, RehearsedTemplate } from './types.ts';

/** What a rehearsal found, and in which templates. */
export interface Rehearsal {
  readonly templates: readonly RehearsedTemplate[];
  readonly findings: readonly Finding[];
}

/** The checks that read templates (after the synth's own plugins), each a family of AWS's rules. */
export async function checkTemplates(templates: readonly RehearsedTemplate[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const t of templates) {
    findings.push(...checkStateMachines(t), ...checkQuotas(t), ...checkIntegrations(t), ...(await checkIam(t)));
  }
  return findings;
}

/**
 * A deploy rehearsal of a configuration against AWS's own published rules, without an account: the
 * synth under AWS CloudFormation Validate, cdk-nag and the Control Tower controls, then every template
 * (StackSet bodies included) through the States Language validator, the Service Authorization
 * Reference, the documented quotas and both sides of every integration (docs/deploy.md#the-rehearsal).
 */
export async function rehearse(config: WatchkeeperConfig, stage: StageSettings): Promise<Rehearsal> {
  const synthesized = synthesize(config, stage);
  const bodies = stackSetBodies(synthesized.templates);
  const templates = [...synthesized.templates, ...bodies];
  return {
    templates,
    findings: [...synthesized.findings, ...validateBodies(bodies), ...(await checkTemplates(templates))],
  };
}
