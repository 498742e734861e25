import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { settingsFileOf } from '../../functions/shared/settings-file.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { pathToFileURL } from 'node:url';
import { bundleFunction } from '../../lib/constructs/bundle-function.ts';
import type { LocalDynamo } from '../../local/dynamodb-local.ts';
import { startLocalDynamo } from '../../local/dynamodb-local.ts';

// The artifact that deploys, not the sources: the API bundle built like NodejsFunction builds it
// (aliases, zod/mini, the SDK inside, settings.json beside it), run in a fresh Node process against
// dynalite over HTTP.
let dynamo: LocalDynamo;
let bundle: string;
beforeAll(async () => {
  dynamo = await startLocalDynamo('bundled-api');
  bundle = join(mkdtempSync(join(tmpdir(), 'watchkeeper-bundle-')), 'index.mjs');
  // The settings a stack with one gold cluster bundles beside the handler.
  const settings = settingsFileOf(
    parseConfig({ clusters: [{ name: 'prod-eu-1', slaTier: 'gold' }] }),
    'Watchkeeper-prod',
  );
  await bundleFunction(join(import.meta.dirname, '..', '..', 'functions', 'api', 'handler.ts'), bundle, settings);
});
afterAll(async () => dynamo.close());

/** Call the bundled handler once per path, in one fresh process, as Lambda would (async: dynalite answers from this process). */
async function invoke(paths: string[]): Promise<Array<{ statusCode: number; body: string }>> {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
    const context = { functionName: 'api', awsRequestId: 'r', getRemainingTimeInMillis: () => 10000 };
    const out = [];
    for (const rawPath of ${JSON.stringify(paths)}) {
      const [path, query] = rawPath.split('?');
      const queryStringParameters = query ? Object.fromEntries(new URLSearchParams(query)) : null;
      out.push(await handler({ httpMethod: 'GET', path, resource: path, headers: {}, queryStringParameters, pathParameters: null, body: null, requestContext: { identity: { userArn: 'arn:aws:iam::111122223333:user/jane' } } }, context));
    }
    process.stdout.write(JSON.stringify(out));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      LAMBDA_TASK_ROOT: dirname(bundle),
      TABLE_NAME: dynamo.tableName,
      TOPIC_ARN_PREFIX: 'arn:aws:sns:eu-west-1:111122223333:',
      STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:111122223333:stateMachine:watchkeeper-escalation',
      ACK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:ack',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  });
  return JSON.parse(stdout) as Array<{ statusCode: number; body: string }>;
}

describe('the bundled API function', () => {
  it('reads DynamoDB over HTTP, explains bad input in words, and serves its OpenAPI document', async () => {
    // Act
    const [silences, summary, bad, openapi] = await invoke([
      '/silences',
      '/summary',
      '/incidents?limit=0',
      '/openapi.json',
    ]);

    // Assess
    expect(silences.statusCode).toBe(200);
    expect(JSON.parse(silences.body)).toEqual({ items: [] });
    expect(JSON.parse(summary.body).clusters).toEqual([
      expect.objectContaining({ cluster: 'prod-eu-1', status: 'perfect' }),
    ]);
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).message).toBe('query.limit: Too small: expected number to be >=1');
    expect(JSON.parse(openapi.body).paths['/incidents'].get.parameters.length).toBeGreaterThan(5);
  });
});
