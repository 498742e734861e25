import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnStackSet, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { HubRef } from '../../functions/core/config/fleet.ts';
import { SpokeStack } from '../spoke-stack.ts';

/** Properties of {@link SpokeStackSet}. */
export interface SpokeStackSetProps {
  /** The hub (its account and region may be tokens here: they are resolved into the template's parameters). */
  readonly hub: HubRef;
  readonly organizationalUnits: readonly string[];
  readonly regions: readonly string[];
}

/**
 * The spoke as a service-managed StackSet: deployed to every account of the listed OUs (and to each
 * account that joins them later) in the listed regions, removed from accounts that leave. The template
 * is the {@link SpokeStack} without clusters (event forwarding and the silence reader), which has no
 * assets; clusters' log subscriptions and onboarding come from a spoke deployed with `cdk deploy`.
 */
export class SpokeStackSet extends Construct {
  public readonly stackSet: CfnStackSet;
  /** The spoke template the StackSet deploys. */
  public readonly template: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: SpokeStackSetProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub placeholders of the template's parameters
    this.template = spokeTemplate({ ...props.hub, account: '${HubAccount}', region: '${HubRegion}' });
    this.stackSet = new CfnStackSet(this, 'StackSet', {
      stackSetName: `watchkeeper-${props.hub.stage}-spoke`,
      description: 'Watchkeeper spoke: forwards EKS events to the hub and lets it read log silence',
      permissionModel: 'SERVICE_MANAGED',
      // The hub is a member account registered as the StackSets delegated administrator (not the management account).
      callAs: 'DELEGATED_ADMIN',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      managedExecution: { Active: true },
      operationPreferences: {
        failureTolerancePercentage: 10,
        maxConcurrentPercentage: 25,
        regionConcurrencyType: 'PARALLEL',
      },
      parameters: [
        { parameterKey: 'HubAccount', parameterValue: stack.account },
        { parameterKey: 'HubRegion', parameterValue: stack.region },
      ],
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: [...props.organizationalUnits] },
          regions: [...props.regions],
        },
      ],
      templateBody: stack.toJsonString(this.template),
    });
  }
}

/**
 * The spoke template without clusters, synthesized in an app of its own. The hub's account and region
 * are template parameters (`${HubAccount}`, `${HubRegion}` in the names are turned into `Fn::Sub`).
 */
export function spokeTemplate(hub: HubRef): Record<string, unknown> {
  // An app of its own, written to a directory of its own (not the CLI's cdk.out).
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'watchkeeper-spoke-')) });
  const spoke = new SpokeStack(app, 'Spoke', { hub, clusters: [] });
  const template = app.synth().getStackArtifact(spoke.artifactId).template as Record<string, unknown>;
  const { Parameters: _bootstrap, Rules: _rules, ...rest } = template;
  return {
    ...rest,
    Parameters: {
      HubAccount: { Type: 'String', AllowedPattern: '^\\d{12}$', Description: "The hub's account id" },
      HubRegion: { Type: 'String', Description: "The hub's region" },
    },
    Resources: subHubPlaceholders(rest.Resources),
  };
}

/** Strings with the hub placeholders become `Fn::Sub`, the rest is kept (Fn::Join parts included). */
function subHubPlaceholders(value: unknown): unknown {
  if (typeof value === 'string')
    return value.includes('${Hub') ? { 'Fn::Sub': value.replace(/\$\{(?!Hub)/g, '${!') } : value;
  if (Array.isArray(value)) return value.map(subHubPlaceholders);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, subHubPlaceholders(v)]));
  return value;
}
