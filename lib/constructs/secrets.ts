import { Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { WatchkeeperFunction } from './watchkeeper-function.ts';

/**
 * Bind a secret to a function in one call, so that neither half can be forgotten: read access to
 * the secret and its key, and the environment variable that names it.
 */
export function bindSecret(
  fn: WatchkeeperFunction,
  secret: ISecret,
  key: IKey,
  variable: 'ackSecretArn' | 'alertmanagerSecretArn',
): void {
  fn.setEnvironment({ [variable]: secret.secretArn });
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secret.secretArn],
    }),
  );
  fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['kms:Decrypt'], resources: [key.keyArn] }));
}

/** Properties of {@link generatedSecret}. */
export interface GeneratedSecretProps {
  readonly key: IKey;
  /** Characters of the generated value (letters and digits). */
  readonly length: number;
  readonly description: string;
  /** Why it is rotated by hand and how: the acknowledgement of automatic rotation's absence. */
  readonly manualRotation: string;
}

/** A secret generated at deploy time, encrypted with the deployment's key, rotated by hand (for the reason given). */
export function generatedSecret(scope: Construct, id: string, props: GeneratedSecretProps): Secret {
  const secret = new Secret(scope, id, {
    description: props.description,
    encryptionKey: props.key,
    generateSecretString: { passwordLength: props.length, excludePunctuation: true },
  });
  Validations.of(secret).acknowledge({ id: 'AwsSolutions::AwsSolutions-SMG4', reason: props.manualRotation });
  return secret;
}
