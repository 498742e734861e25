import { Token } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';

/**
 * The account as cdk-nag writes it in finding ids: `<AWS::AccountId>` in an environment-agnostic
 * stack, the literal id when the stack names its account.
 */
export function nagAccount(stack: Stack): string {
  return Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
}

/** The region as cdk-nag writes it in finding ids: `<AWS::Region>` unless the stack names its region. */
export function nagRegion(stack: Stack): string {
  return Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
}

/**
 * The partition as cdk-nag writes it in ARNs the stack formats: `<AWS::Partition>` unless CDK knows it
 * (`@aws-cdk/core:enablePartitionLiterals` and a named region make it literal, e.g. `aws`).
 */
export function nagPartition(stack: Stack): string {
  return Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
}
