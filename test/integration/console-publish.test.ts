import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';
import { consoleCommand } from '../../local/cli/console-command.ts';
import { UsageError } from '../../local/cli/usage-error.ts';
import { Capture } from '../helpers/capture.ts';

// `watchkeeper console publish` against a stand-in for S3 and CloudFront that answers as their REST
// APIs document (PutObject: 200 with an ETag; CreateInvalidation: 201 with the Invalidation XML) and
// records every request.
let stub: Server;
let endpoint: string;
const requests: Array<{ method: string; path: string; headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  stub = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push({ method: request.method ?? '', path, headers: request.headers, body });
    if (request.method === 'PUT') response.writeHead(200, { ETag: '"0123456789abcdef"' }).end();
    else if (request.method === 'POST' && path.endsWith('/invalidation'))
      response
        .writeHead(201, { 'Content-Type': 'text/xml', Location: `https://cloudfront.amazonaws.com${path}/I2J0EXAMPLE` })
        .end(
          '<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0EXAMPLE</Id>' +
            '<Status>InProgress</Status><CreateTime>2026-12-02T12:00:00Z</CreateTime><InvalidationBatch><Paths>' +
            '<Quantity>2</Quantity><Items><Path>/index.html</Path><Path>/console/*</Path></Items></Paths>' +
            '<CallerReference>x</CallerReference></InvalidationBatch></Invalidation>',
        );
    else response.writeHead(400).end();
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise((resolve) => stub.close(resolve)));

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const clients = () => ({
  s3: new S3Client({ endpoint, region: 'eu-west-1', forcePathStyle: true, credentials }),
  cloudFront: new CloudFrontClient({ endpoint, region: 'us-east-1', credentials }),
});
const OUTPUTS = {
  Watchkeeper: {
    ApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1',
    ConsoleUrl: 'https://d111111abcdef8.cloudfront.net/',
    ConsoleBucketName: 'watchkeeper-consolefiles-1a2b3c',
    ConsoleDistributionId: 'E2EXAMPLE0',
    ConsoleSignInUrl: 'https://watchkeeper-prod-111122223333.auth.eu-west-1.amazoncognito.com',
    ConsoleClientId: '4example0client0id00000000',
  },
};
const outputsFile = (document: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'watchkeeper-outputs-')), 'cdk-outputs.json');
  writeFileSync(file, JSON.stringify(document));
  return file;
};

describe('watchkeeper console publish', () => {
  it('uploads the built console with its deployment settings, the page last, then invalidates CloudFront', async () => {
    // Prepare
    const out = new Capture();

    // Act
    const code = await consoleCommand(['publish', '--outputs', outputsFile(OUTPUTS)], out, out, clients);

    // Assess
    expect(code).toBe(0);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /watchkeeper-consolefiles-1a2b3c/console/app.js',
      'PUT /watchkeeper-consolefiles-1a2b3c/console/app.css',
      'PUT /watchkeeper-consolefiles-1a2b3c/index.html',
      'POST /2020-05-31/distribution/E2EXAMPLE0/invalidation',
    ]);
    const [js, css, page, invalidation] = requests;
    expect(js.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    expect(page.body).toContain('<meta name="watchkeeper-api" content="/api" />');
    expect(page.body).toContain(
      '<meta name="watchkeeper-sign-in" content="https://watchkeeper-prod-111122223333.auth.eu-west-1.amazoncognito.com" />',
    );
    expect(page.body).toContain('<meta name="watchkeeper-client" content="4example0client0id00000000" />');
    expect(page.body).not.toContain('watchkeeper-local');
    expect(js.body.length).toBeGreaterThan(10_000);
    expect(invalidation.body).toContain(
      '<Paths><Quantity>2</Quantity><Items><Path>/index.html</Path><Path>/console/*</Path></Items></Paths>',
    );
    expect(invalidation.body).toMatch(/<CallerReference>watchkeeper-console-\d+<\/CallerReference>/);
    expect(out.text).toContain('CloudFront invalidation I2J0EXAMPLE under way');
    expect(out.text).toContain('open https://d111111abcdef8.cloudfront.net/');
  });

  it.each([
    [['publish'], 'console publish needs --outputs FILE'],
    [['upload'], 'console takes one subcommand: publish'],
    [['publish', '--outputs', '/nonexistent/cdk-outputs.json'], 'cannot read /nonexistent/cdk-outputs.json'],
  ])('refuses %j with a usage error', async (argv, message) => {
    // Act
    const run = consoleCommand(argv, new Capture(), new Capture(), clients);

    // Assess
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(message);
  });

  it('names what is missing in the outputs, and asks which stack when there are several', async () => {
    // Prepare
    const partial = { Watchkeeper: { ConsoleBucketName: 'b', ConsoleUrl: 'https://x/' } };
    const two = { A: OUTPUTS.Watchkeeper, B: OUTPUTS.Watchkeeper };

    // Act & Assess
    await expect(consoleCommand(['publish', '--outputs', outputsFile(partial)], new Capture())).rejects.toThrow(
      'stack Watchkeeper has no output ConsoleDistributionId, ConsoleSignInUrl, ConsoleClientId: deploy it again',
    );
    await expect(consoleCommand(['publish', '--outputs', outputsFile(two)], new Capture())).rejects.toThrow(
      'the outputs file has several consoles (A, B): pick one with --stack',
    );
    await expect(
      consoleCommand(['publish', '--outputs', outputsFile({ W: { ApiUrl: 'x' } })], new Capture()),
    ).rejects.toThrow('names no stack with a hosted console');
  });
});
