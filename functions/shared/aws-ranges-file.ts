import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsRanges } from '../core/sources/aws-ranges.ts';
import { env } from './env.ts';
import { once } from './once.ts';

/** The file the stack copies beside the handler of the functions that classify callers' addresses. */
export const AWS_RANGES_FILE = 'aws-ip-ranges.json';

/**
 * AWS's published ranges in Lambda, read from beside the handler the first time a public address is
 * checked: kept out of the bundle, so no cold start parses them.
 */
export const lambdaAwsRanges = /* @__PURE__ */ once(
  (): AwsRanges => JSON.parse(readFileSync(join(env.taskRoot(), AWS_RANGES_FILE), 'utf8')) as AwsRanges,
);
