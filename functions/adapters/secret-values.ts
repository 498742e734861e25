import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AckKeyProvider } from './ack-key.ts';

/** A secret that is not (yet) the JSON object it must be: says which keys, never the value. */
export class SecretNotSetError extends Error {
  public constructor(what: string, keys: readonly string[]) {
    super(`${what} is not set: put {${keys.map((k) => `"${k}": "…"`).join(', ')}} into its secret`);
    this.name = 'SecretNotSetError';
  }
}

/** JSON secrets from Secrets Manager (tracker credentials, webhook URLs), each read and cached as the link key is. */
export class SecretValues {
  private readonly providers = new Map<string, AckKeyProvider>();

  public constructor(private readonly secrets: SecretsManagerClient) {}

  /** The string fields `keys` of the secret; {@link SecretNotSetError} when one is missing. */
  public async fields<K extends string>(arn: string, what: string, keys: readonly K[]): Promise<Record<K, string>> {
    let provider = this.providers.get(arn);
    if (!provider) {
      provider = new AckKeyProvider(this.secrets, arn);
      this.providers.set(arn, provider);
    }
    let value: Record<string, unknown> = {};
    try {
      value = JSON.parse(await provider.key()) as Record<string, unknown>;
    } catch (error) {
      // Not JSON: reported below as not set, without echoing it.
      if (!(error instanceof SyntaxError)) throw error;
    }
    const out = {} as Record<K, string>;
    for (const key of keys) {
      const field = value[key];
      if (typeof field !== 'string' || field === '') throw new SecretNotSetError(what, keys);
      out[key] = field;
    }
    return out;
  }
}
