import RANGES from '../../../rules/data/aws-ip-ranges.json' with { type: 'json' };
import type { AwsRanges } from './aws-ranges.ts';

/**
 * AWS's published ranges as shipped (`rules/data/aws-ip-ranges.json`), imported: for the local runtime,
 * the CLI, configuration checks and tests. Lambda functions read the same file from beside their
 * handler instead, and only when a public address is first checked (`lambdaAwsRanges`): 117 KB that
 * no function parses at init.
 */
export const bundledAwsRanges = (): AwsRanges => RANGES as AwsRanges;
