import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { EKSClient } from '@aws-sdk/client-eks';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AwsActions } from '../adapters/aws-actions.ts';
import { ClusterConnector } from '../adapters/cluster-connector.ts';
import { EksTokens } from '../adapters/eks-token.ts';
import { IncidentStore } from '../adapters/incident-store.ts';
import { StepFunctionsLauncher } from '../adapters/sfn-launcher.ts';
import type { ClusterConnection, RemediationLauncher } from '../core/actions/remediation.ts';
import { RemediationService } from '../core/actions/remediation.ts';
import type { RemediationConfig } from '../core/actions/remediation-config.ts';
import { loadRules } from '../core/rules/catalogue.ts';
import type { Rule } from '../core/rules/rule-schema.ts';
import { env } from './env.ts';
import { lambdaSettings } from './settings.ts';
import { once } from './once.ts';
import type { Platform } from './platform.ts';
import { lambdaPlatform } from './platform.ts';
import { traced } from './powertools.ts';

/** Where actions reach: the clusters, the workflow, the rules and switches in force. */
export interface RemediationWiring {
  readonly rules: readonly Rule[];
  readonly config: RemediationConfig;
  connect(cluster: string): Promise<ClusterConnection>;
  readonly launcher?: RemediationLauncher;
}

/** The remediation service over the store and the given wiring (Lambda and local alike). */
export function remediationService(platform: Platform, wiring: RemediationWiring): RemediationService {
  return new RemediationService({
    incidents: new IncidentStore(platform.doc, platform.tableName, platform.policy, platform.clock),
    rules: new Map(wiring.rules.map((r) => [r.id, r])),
    switches: { enabled: wiring.config.enabled, disabledClusters: wiring.config.disabledClusters },
    connect: (cluster) => wiring.connect(cluster),
    launcher: wiring.launcher,
    clock: platform.clock,
  });
}

/** The Step Functions launcher of the remediation workflow, when one is deployed. */
export const lambdaRemediationLauncher = /* @__PURE__ */ once((): RemediationLauncher | undefined => {
  const arn = env.remediationArn();
  return arn ? new StepFunctionsLauncher(traced(new SFNClient({})), arn) : undefined;
});

/**
 * Credentials of a family's role: assumed on use (tokens are cached ten minutes, SDK clients keep
 * theirs until they expire); the function's own where no role is configured.
 */
function actingAs(roleArn: string | undefined): AwsCredentialIdentityProvider {
  return roleArn
    ? fromTemporaryCredentials({ params: { RoleArn: roleArn, RoleSessionName: 'watchkeeper-actions' } })
    : defaultProvider();
}

/** The remediation service in Lambda (the act function's and the API's), built once per execution environment. */
export const lambdaRemediationService = /* @__PURE__ */ once(() => {
  const region = env.awsRegion() ?? 'us-east-1';
  const roles = env.actionRoles();
  const aws = actingAs(roles.aws);
  const connector = new ClusterConnector(
    // DescribeCluster (endpoint and CA) as the function itself.
    traced(new EKSClient({})),
    {
      reader: new EksTokens(region, actingAs(roles.reader)),
      writer: new EksTokens(region, actingAs(roles.kubernetes)),
    },
    new AwsActions({
      eks: traced(new EKSClient({ credentials: aws })),
      ssm: traced(new SSMClient({ credentials: aws })),
    }),
  );
  return remediationService(lambdaPlatform(), {
    rules: loadRules(lambdaSettings().rules),
    config: lambdaSettings().remediation,
    connect: (cluster) => connector.connect(cluster),
    launcher: lambdaRemediationLauncher(),
  });
});
