import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const TTL_MS = 5 * 60_000;

/** A secret's string from Secrets Manager (the acknowledgement-link key, the Alertmanager token, integration credentials), cached for five minutes. */
export class AckKeyProvider {
  private cached?: { value: string; until: number };

  public constructor(
    private readonly secrets: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  public async key(): Promise<string> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.value;
    const { SecretString } = await this.secrets.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    if (!SecretString) throw new Error(`secret ${this.secretId} has no string value`);
    this.cached = { value: SecretString, until: Date.now() + TTL_MS };
    return SecretString;
  }
}
