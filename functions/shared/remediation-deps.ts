import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { EKSClient } from '@aws-sdk/client-eks';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AwsActions } from '../adapters/aws-actions.ts';
import { ClusterConnector } from '../adapters/cluster-connector.ts';
import type { ClusterTokens } from '../adapters/cluster-connector.ts';
import { EksTokens } from '../adapters/eks-token.ts';
import { StepFunctionsLauncher } from '../adapters/sfn-launcher.ts';
import type { ClusterConnection, RemediationLauncher } from '../core/actions/remediation.ts';
import { RemediationService } from '../core/actions/remediation.ts';
import { env } from './env.ts';
import { once } from './once.ts';
import type { Platform } from './platform.ts';
import { incidentStoreOf, lambdaPlatform } from './platform.ts';
import { traced } from './powertools.ts';

/** Where actions reach: the clusters and the workflow (the rules and switches in force are the platform's settings). */
export interface RemediationWiring {
  connect(cluster: string): Promise<ClusterConnection>;
  readonly launcher?: RemediationLauncher;
}

/** The remediation service over the store and the given wiring (Lambda and local alike). */
export function remediationService(platform: Platform, wiring: RemediationWiring): RemediationService {
  const { rules, config } = platform.settings;
  return new RemediationService({
    incidents: incidentStoreOf(platform),
    rules: new Map(rules.map((r) => [r.id, r])),
    switches: { enabled: config.remediation.enabled, disabledClusters: config.remediation.disabledClusters },
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

/** The remediation service in Lambda over a connector to the clusters with the given tokens and AWS side. */
function lambdaRemediation(tokens: ClusterTokens, aws?: AwsActions): RemediationService {
  // DescribeCluster (endpoint and CA) as the function itself.
  const connector = new ClusterConnector(traced(new EKSClient({})), tokens, aws);
  return remediationService(lambdaPlatform(), {
    connect: (cluster) => connector.connect(cluster),
    launcher: lambdaRemediationLauncher(),
  });
}

const region = () => env.awsRegion() ?? 'us-east-1';

/**
 * The act function's remediation service, built once per execution environment: it runs actions —
 * changes as the actions roles, the AWS side through EKS and SSM.
 */
export const lambdaRemediationService = /* @__PURE__ */ once(() => {
  const roles = env.actionRoles();
  const aws = actingAs(roles.aws);
  return lambdaRemediation(
    {
      reader: new EksTokens(region(), actingAs(roles.reader)),
      writer: new EksTokens(region(), actingAs(roles.kubernetes)),
    },
    new AwsActions({
      eks: traced(new EKSClient({ credentials: aws })),
      ssm: traced(new SSMClient({ credentials: aws })),
    }),
  );
});

/**
 * The API's remediation service: dry runs (reads as the reader role) and decisions; nothing is sent to a
 * cluster or to AWS, so it carries neither the writer role nor SSM.
 */
export const lambdaPlanningService = /* @__PURE__ */ once(() =>
  lambdaRemediation({ reader: new EksTokens(region(), actingAs(env.actionRoles().reader)) }),
);
