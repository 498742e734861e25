import { Sha256 } from '@aws-crypto/sha256-js';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EKSClient } from '@aws-sdk/client-eks';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { SignatureV4 } from '@smithy/signature-v4';

/** Where the account is reached: its region, and an endpoint to use instead of AWS's (a local stub). */
export interface AccountAccess {
  readonly region: string;
  /** Every service at this address (tests: a local stub that answers as the services do). */
  readonly endpoint?: string;
  /** @default the standard AWS credential chain (the user's) */
  readonly credentials?: AwsCredentialIdentityProvider;
}

/** The read-only clients `watchkeeper preflight` asks the account with, one per service, per region. */
export class AccountClients {
  private readonly credentials: AwsCredentialIdentityProvider;

  public constructor(private readonly access: AccountAccess) {
    this.credentials = access.credentials ?? defaultProvider();
  }

  private config(region = this.access.region) {
    return {
      region,
      credentials: this.credentials,
      maxAttempts: 2,
      ...(this.access.endpoint ? { endpoint: this.access.endpoint } : {}),
    };
  }

  public readonly sts = () => new STSClient(this.config());
  public readonly ssm = (region?: string) => new SSMClient(this.config(region));
  public readonly lambda = () => new LambdaClient(this.config());
  public readonly cloudTrail = () => new CloudTrailClient(this.config());
  public readonly eks = () => new EKSClient(this.config());
  public readonly sns = () => new SNSClient(this.config());
  public readonly organizations = () => new OrganizationsClient(this.config('us-east-1'));
  public readonly secrets = (region?: string) => new SecretsManagerClient(this.config(region));

  /**
   * A call of Amazon Q Developer in chat applications' API (REST-JSON, SigV4 service `chatbot`): the
   * SDK's client for it pulls in a whole older SDK, so the two reads preflight makes are signed here.
   */
  public async chatbot<T>(path: string, body: Record<string, unknown> = {}): Promise<T> {
    const url = new URL(path, this.access.endpoint ?? `https://chatbot.${this.access.region}.amazonaws.com`);
    const payload = JSON.stringify(body);
    const signer = new SignatureV4({
      service: 'chatbot',
      region: this.access.region,
      credentials: this.credentials,
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body: payload,
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: signed.headers as Record<string, string>,
      body: payload,
    });
    const text = await response.text();
    if (!response.ok) {
      const error = new Error(`${path}: ${response.status} ${text.slice(0, 200)}`);
      error.name = response.headers.get('x-amzn-errortype')?.split(':')[0] ?? `Http${response.status}`;
      throw error;
    }
    return JSON.parse(text) as T;
  }
}
