import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ConsoleBuild } from '../../console/build.ts';
import { withSettings } from '../../console/page-settings.ts';
import { CONSOLE_API_PREFIX } from '../../functions/api/console-access.ts';
import { UsageError } from './usage-error.ts';

/** The stack outputs publishing needs (`cdk deploy --outputs-file`); names as the stack gives them. */
export interface ConsoleOutputs {
  readonly ConsoleUrl: string;
  readonly ConsoleBucketName: string;
  readonly ConsoleDistributionId: string;
  readonly ConsoleSignInUrl: string;
  readonly ConsoleClientId: string;
}

const NEEDED = [
  'ConsoleUrl',
  'ConsoleBucketName',
  'ConsoleDistributionId',
  'ConsoleSignInUrl',
  'ConsoleClientId',
] as const satisfies ReadonlyArray<keyof ConsoleOutputs>;

/**
 * The console outputs of one stack in a `cdk deploy --outputs-file` document: the stack named, or
 * the only one that hosts a console. A missing output is the user's error, said by name.
 */
export function consoleOutputsOf(document: unknown, stack?: string): ConsoleOutputs {
  const stacks = (typeof document === 'object' && document !== null ? document : {}) as Record<
    string,
    Record<string, unknown>
  >;
  const hosting = Object.keys(stacks).filter((name) => typeof stacks[name]?.ConsoleBucketName === 'string');
  const name = stack ?? (hosting.length === 1 ? hosting[0] : undefined);
  if (!name)
    throw new UsageError(
      hosting.length === 0
        ? 'the outputs file names no stack with a hosted console (is console.hosted off?)'
        : `the outputs file has several consoles (${hosting.join(', ')}): pick one with --stack`,
    );
  const outputs = stacks[name];
  if (!outputs) throw new UsageError(`the outputs file has no stack ${name}`);
  const missing = NEEDED.filter((key) => typeof outputs[key] !== 'string');
  if (missing.length) throw new UsageError(`stack ${name} has no output ${missing.join(', ')}: deploy it again`);
  return outputs as unknown as ConsoleOutputs;
}

/** The AWS clients publishing uses (given, so that a test can point them at a stand-in). */
export interface PublishClients {
  readonly s3: S3Client;
  readonly cloudFront: CloudFrontClient;
}

/** The default clients: the credential chain, the bucket's region followed wherever it is. */
export function publishClients(region?: string): PublishClients {
  return {
    s3: new S3Client({ region, followRegionRedirects: true }),
    cloudFront: new CloudFrontClient({ region: 'us-east-1' }),
  };
}

/** What was published. */
export interface Published {
  readonly files: readonly string[];
  readonly invalidationId: string;
  readonly url: string;
}

/** The console's files, by their key in the bucket, with how they are served. */
const FILES = [
  ['index.html', 'text/html; charset=utf-8'],
  ['console/app.js', 'text/javascript; charset=utf-8'],
  ['console/app.css', 'text/css; charset=utf-8'],
] as const;

/**
 * Upload a built console to its bucket with the settings of its deployment (the API under `/api`,
 * the hosted sign-in page and the app client), then invalidate CloudFront's copies. Every file is
 * `no-cache` for browsers (names carry no hash: they revalidate by ETag); the index is written last,
 * so that no browser loads a new page with old code.
 */
export async function publishConsole(
  built: ConsoleBuild,
  outputs: ConsoleOutputs,
  clients: PublishClients,
  now = Date.now(),
): Promise<Published> {
  const settings = {
    api: CONSOLE_API_PREFIX,
    signIn: { url: outputs.ConsoleSignInUrl.replace(/\/+$/, ''), clientId: outputs.ConsoleClientId },
  };
  for (const [key, contentType] of [...FILES.slice(1), FILES[0]]) {
    const raw = readFileSync(join(built.dir, key));
    const body = key === 'index.html' ? withSettings(raw.toString('utf8'), settings) : raw;
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: outputs.ConsoleBucketName,
        Key: key,
        Body: body,
        ContentType: contentType,
        CacheControl: 'no-cache',
      }),
    );
  }
  const invalidation = await clients.cloudFront.send(
    new CreateInvalidationCommand({
      DistributionId: outputs.ConsoleDistributionId,
      InvalidationBatch: {
        CallerReference: `watchkeeper-console-${now}`,
        Paths: { Quantity: 2, Items: ['/index.html', '/console/*'] },
      },
    }),
  );
  return {
    files: FILES.map(([key]) => key),
    invalidationId: invalidation.Invalidation?.Id ?? 'unknown',
    url: outputs.ConsoleUrl,
  };
}
