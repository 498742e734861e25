import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { ClusterConnection } from '../core/actions/remediation.ts';
import type { AwsActions } from './aws-actions.ts';
import type { EksTokens } from './eks-token.ts';
import { KubernetesApi } from './kubernetes-api.ts';

/**
 * The tokens a connection signs its Kubernetes requests with: reads (planning, evidence) as the
 * reader role, changes as the actions role — two access entries, two ClusterRoles (docs/actions.md).
 */
export interface ClusterTokens {
  readonly reader: EksTokens;
  /** None where actions are only planned (the API's dry runs): changes are refused. */
  readonly writer?: EksTokens;
}

/** Raised when a function that only plans actions is asked to change something. */
export class PlanningOnlyError extends Error {
  public constructor(what: string) {
    super(`${what}: this function plans actions; the remediation workflow runs them`);
    this.name = 'PlanningOnlyError';
  }
}

/**
 * Connections to clusters by name: the API endpoint and CA from DescribeCluster (cached for the
 * function's life), a fresh EKS token per request batch, and the AWS side of actions — where actions
 * run (the act function); where they are only planned, reads alone.
 */
export class ClusterConnector {
  private readonly described = new Map<string, Promise<{ endpoint: string; caData?: string }>>();

  public constructor(
    private readonly eks: Pick<EKSClient, 'send'>,
    private readonly tokens: ClusterTokens,
    private readonly aws?: Pick<AwsActions, 'send'>,
  ) {}

  public async connect(cluster: string): Promise<ClusterConnection> {
    let described = this.described.get(cluster);
    if (!described) {
      described = this.eks.send(new DescribeClusterCommand({ name: cluster })).then(({ cluster: c }) => {
        if (!c?.endpoint) throw new Error(`cluster ${cluster} has no API endpoint (is it active?)`);
        return { endpoint: c.endpoint, caData: c.certificateAuthority?.data };
      });
      this.described.set(cluster, described);
      described.catch(() => this.described.delete(cluster));
    }
    const { reader, writer } = this.tokens;
    const reads = new KubernetesApi({ ...(await described), token: () => reader.token(cluster) });
    const writes = writer && new KubernetesApi({ ...(await described), token: () => writer.token(cluster) });
    const { aws } = this;
    return {
      reader: reads,
      transport: {
        kube: async (r) => {
          if (!writes) throw new PlanningOnlyError(`${r.method} ${r.path}`);
          return writes.send(r);
        },
        aws: async (r) => {
          if (!aws) throw new PlanningOnlyError(`${r.api} ${r.command}`);
          return aws.send(r);
        },
      },
    };
  }
}
