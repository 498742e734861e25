import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const TTL_MS = 5 * 60_000;

/** A secret that is not (yet) the JSON object it must be: says which keys, never the value. */
export class SecretNotSetError extends Error {
  public constructor(what: string, keys: readonly string[]) {
    super(`${what} is not set: put {${keys.map((k) => `"${k}": "…"`).join(', ')}} into its secret`);
    this.name = 'SecretNotSetError';
  }
}

/** JSON secrets from Secrets Manager (tracker credentials, webhook URLs), cached five minutes each. */
export class SecretValues {
  private readonly cache = new Map<string, { value: Record<string, unknown>; until: number }>();

  public constructor(private readonly secrets: SecretsManagerClient) {}

  /** The string fields `keys` of the secret; {@link SecretNotSetError} when one is missing. */
  public async fields<K extends string>(arn: string, what: string, keys: readonly K[]): Promise<Record<K, string>> {
    let hit = this.cache.get(arn);
    if (!hit || hit.until <= Date.now()) {
      const { SecretString } = await this.secrets.send(new GetSecretValueCommand({ SecretId: arn }));
      let value: Record<string, unknown> = {};
      try {
        value = JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
      } catch {
        // Not JSON: reported below as not set, without echoing it.
      }
      hit = { value, until: Date.now() + TTL_MS };
      this.cache.set(arn, hit);
    }
    const out = {} as Record<K, string>;
    for (const key of keys) {
      const field = hit.value[key];
      if (typeof field !== 'string' || field === '') throw new SecretNotSetError(what, keys);
      out[key] = field;
    }
    return out;
  }
}
