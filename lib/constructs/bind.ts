import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { WatchkeeperFunction } from './watchkeeper-function.ts';

/**
 * Bind a secret to a function in one call, so that neither half can be forgotten: read access to
 * the secret and its key, and the environment variable that names it.
 */
export function bindSecret(fn: WatchkeeperFunction, secret: ISecret, key: IKey, variable: string): void {
  fn.addEnvironment(variable, secret.secretArn);
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secret.secretArn],
    }),
  );
  fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['kms:Decrypt'], resources: [key.keyArn] }));
}
