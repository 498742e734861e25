import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { ClusterConnection } from '../core/actions/remediation.ts';
import type { AwsActions } from './aws-actions.ts';
import type { EksTokens } from './eks-token.ts';
import { KubernetesApi } from './kubernetes-api.ts';

/**
 * Connections to clusters by name: the API endpoint and CA from DescribeCluster (cached for the
 * function's life), a fresh EKS token per request batch, and the AWS side of actions.
 */
export class ClusterConnector {
  private readonly described = new Map<string, Promise<{ endpoint: string; caData?: string }>>();

  public constructor(
    private readonly eks: Pick<EKSClient, 'send'>,
    private readonly tokens: EksTokens,
    private readonly aws: AwsActions,
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
    const api = new KubernetesApi({ ...(await described), token: () => this.tokens.token(cluster) });
    return { reader: api, transport: { kube: (r) => api.send(r), aws: (r) => this.aws.send(r) } };
  }
}
