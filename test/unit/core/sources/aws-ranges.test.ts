import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsAddressTest, compactAwsRanges, mergeCidrs } from '../../../../functions/core/sources/aws-ranges.ts';
import { Classifier } from '../../../../functions/core/rules/classifier.ts';
import { loadRules } from '../../../../functions/core/rules/catalogue.ts';
import { refreshAwsRanges } from '../../../../local/aws-ranges-refresh.ts';
import { auditEvent, rawAudit } from '../../../helpers/audit-event.ts';
import { bundledAwsRanges } from '../../../../functions/core/sources/aws-ranges-data.ts';
import { AWS_RANGES_FILE, lambdaAwsRanges } from '../../../../functions/shared/aws-ranges-file.ts';

/** A published document in AWS's shape, small. */
const PUBLISHED = {
  syncToken: '1787411825',
  createDate: '2026-08-22-15-17-05',
  prefixes: [
    { ip_prefix: '3.5.140.0/23', region: 'eu-west-1', service: 'AMAZON', network_border_group: 'eu-west-1' },
    { ip_prefix: '3.5.142.0/23', region: 'eu-west-1', service: 'AMAZON', network_border_group: 'eu-west-1' },
    { ip_prefix: '3.5.140.0/24', region: 'eu-west-1', service: 'EC2', network_border_group: 'eu-west-1' },
    { ip_prefix: '52.94.0.0/22', region: 'us-east-1', service: 'AMAZON', network_border_group: 'us-east-1' },
    { ip_prefix: '198.51.100.0/24', region: 'us-east-1', service: 'CLOUDFRONT', network_border_group: 'us-east-1' },
  ],
  ipv6_prefixes: [
    { ipv6_prefix: '2a05:d018::/36', region: 'eu-west-1', service: 'AMAZON', network_border_group: 'eu-west-1' },
  ],
};

describe('mergeCidrs', () => {
  it('joins neighbours and drops what another range contains, for IPv4 and IPv6 alike', () => {
    expect(mergeCidrs(['10.0.1.0/24', '10.0.0.0/24', '10.0.0.128/25', '10.0.3.0/24'])).toEqual([
      '10.0.0.0/23',
      '10.0.3.0/24',
    ]);
    expect(mergeCidrs(['2001:db8::/33', '2001:db8:8000::/33'])).toEqual(['2001:db8::/32']);
    expect(mergeCidrs(['10.0.0.1/32', '10.0.0.2/32'])).toEqual(['10.0.0.1/32', '10.0.0.2/32']);
  });
});

describe('compactAwsRanges', () => {
  it("keeps the AMAZON service's prefixes per region, merged, with when AWS published them", () => {
    expect(compactAwsRanges(PUBLISHED, 'https://ip-ranges.amazonaws.com/ip-ranges.json')).toEqual({
      source: 'https://ip-ranges.amazonaws.com/ip-ranges.json',
      syncToken: '1787411825',
      createDate: '2026-08-22-15-17-05',
      regions: { 'eu-west-1': ['3.5.140.0/22', '2a05:d018::/36'], 'us-east-1': ['52.94.0.0/22'] },
    });
  });

  it('refuses a document that is not AWS ip-ranges.json', () => {
    expect(() => compactAwsRanges({ prefixes: [] }, 'x')).toThrow('not an AWS ip-ranges.json document');
  });
});

describe('awsAddressTest', () => {
  const ranges = compactAwsRanges(PUBLISHED, 'x');

  it("knows the region's addresses, IPv4-mapped and IPv6 included, and nothing else", () => {
    const euWest1 = awsAddressTest(ranges, 'eu-west-1');
    expect(['3.5.140.1', '3.5.143.255', '::ffff:3.5.141.7', '2a05:d018:1::5'].map(euWest1)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['3.5.144.0', '52.94.1.1', '203.0.113.9', 'not-an-address'].map(euWest1)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('knows every region when none is given', () => {
    expect(awsAddressTest(ranges)('52.94.1.1')).toBe(true);
  });
});

/** A read of a secret by `username` from `address`. */
const call = (username: string, address: string) =>
  rawAudit({
    ...auditEvent({
      verb: 'get',
      objectRef: { resource: 'secrets', namespace: 'kube-system', name: 's' },
      responseStatus: { code: 200 },
      sourceIPs: [address],
    }),
    user: { username, groups: ['system:authenticated'] },
  });
/** Whether a system identity's call from `address` is flagged as coming from the internet. */
const flagged = (classifier: Classifier, username: string, address: string) =>
  classifier.classify(call(username, address)).some((s) => s.rule === 'system-identity-from-internet');

describe('the shipped ranges in classification', () => {
  const inEuWest1 = new Classifier(loadRules(), { awsRanges: bundledAwsRanges, awsRegion: 'eu-west-1' });

  it("lets EKS's own identities call from AWS's addresses of the region, and flags them from anywhere else", () => {
    // 3.4.12.4 is an AWS address of eu-west-1 in the shipped data; 52.94.1.1 one of us-east-1.
    expect(flagged(inEuWest1, 'eks:addon-manager', '3.4.12.4')).toBe(false);
    expect(flagged(inEuWest1, 'eks:addon-manager', '52.94.1.1')).toBe(true);
    expect(flagged(inEuWest1, 'eks:addon-manager', '203.0.113.12')).toBe(true);
  });

  it('flags a node identity from an AWS address all the same (stolen credentials used from an instance)', () => {
    expect(flagged(inEuWest1, 'system:node:ip-10-0-1-23.eu-west-1.compute.internal', '3.4.12.4')).toBe(true);
  });
});

describe('the ranges in Lambda, beside the handler (lambdaAwsRanges)', () => {
  it('are read only when a public address is first checked, then classify as the shipped ones do', () => {
    // Prepare: a task root without the file yet.
    const root = mkdtempSync(join(tmpdir(), 'watchkeeper-task-'));
    const before = process.env.LAMBDA_TASK_ROOT;
    process.env.LAMBDA_TASK_ROOT = root;
    try {
      const inLambda = new Classifier(loadRules(), { awsRanges: lambdaAwsRanges, awsRegion: 'eu-west-1' });
      // Act: a private address needs no ranges; then the stack's copy is there.
      expect(flagged(inLambda, 'eks:addon-manager', '10.0.1.23')).toBe(false);
      copyFileSync(join(import.meta.dirname, '../../../../rules/data/aws-ip-ranges.json'), join(root, AWS_RANGES_FILE));
      // Assess
      expect(flagged(inLambda, 'eks:addon-manager', '3.4.12.4')).toBe(false);
      expect(flagged(inLambda, 'eks:addon-manager', '52.94.1.1')).toBe(true);
    } finally {
      process.env.LAMBDA_TASK_ROOT = before;
    }
  });
});

describe('refreshAwsRanges', () => {
  let server: Server;
  let url: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      if (request.url === '/ip-ranges.json')
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(PUBLISHED));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise((resolve) => server.close(resolve)));

  it('fetches the published document once and writes the compact file', async () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'watchkeeper-ranges-')), 'aws-ip-ranges.json');

    // Act
    const said = await refreshAwsRanges(`${url}/ip-ranges.json`, file);

    // Assess
    expect(requests).toEqual(['GET /ip-ranges.json']);
    expect(said).toBe('2 regions, 3 ranges, published 2026-08-22-15-17-05 (syncToken 1787411825)');
    expect(JSON.parse(readFileSync(file, 'utf8')).regions['us-east-1']).toEqual(['52.94.0.0/22']);
  });

  it('says when the address does not answer with the document', async () => {
    await expect(refreshAwsRanges(`${url}/missing.json`, '/dev/null')).rejects.toThrow('answered 404');
  });
});
