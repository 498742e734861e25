import { Sha256 } from '@aws-crypto/sha256-js';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { SignatureV4 } from '@smithy/signature-v4';

/** What `aws eks get-token` prefixes. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The authenticator accepts a token for 15 minutes; renew well before. */
const TOKEN_LIFETIME_MS = 10 * 60_000;

/**
 * A bearer token for an EKS cluster's API, made as `aws eks get-token` makes it: a presigned STS
 * GetCallerIdentity URL (60 seconds, `x-k8s-aws-id: <cluster>` signed), base64url without padding
 * after `k8s-aws-v1.`. The cluster's authenticator calls STS with it to learn who is asking.
 */
export async function eksToken(
  cluster: string,
  region: string,
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
  now = new Date(),
): Promise<string> {
  const hostname = `sts.${region}.amazonaws.com`;
  const signer = new SignatureV4({ service: 'sts', region, credentials, sha256: Sha256 });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': cluster },
    },
    { expiresIn: 60, signingDate: now },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${EKS_TOKEN_PREFIX}${Buffer.from(`https://${hostname}/?${query}`).toString('base64url')}`;
}

/** Tokens per cluster, renewed after ten minutes. */
export class EksTokens {
  private readonly cache = new Map<string, { token: string; until: number }>();

  public constructor(
    private readonly region: string,
    private readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
    private readonly clock: () => number = Date.now,
  ) {}

  public async token(cluster: string): Promise<string> {
    const cached = this.cache.get(cluster);
    if (cached && cached.until > this.clock()) return cached.token;
    const token = await eksToken(cluster, this.region, this.credentials, new Date(this.clock()));
    this.cache.set(cluster, { token, until: this.clock() + TOKEN_LIFETIME_MS });
    return token;
  }
}
