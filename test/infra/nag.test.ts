import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { controlTowerValidator } from '../../lib/control-tower.ts';
import { fleetStacks } from '../../lib/fleet-stacks.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { StageSettings } from '../../lib/stages.ts';
import { STAGES } from '../../lib/stages.ts';
import { WatchkeeperStack } from '../../lib/watchkeeper-stack.ts';

/** Synthesize a fully configured stack under cdk-nag and the Control Tower controls; the report, or ''. */
function findings(stage: StageSettings, extra: Record<string, unknown> = {}): string {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app), controlTowerValidator());
  new WatchkeeperStack(app, 'Checked', {
    stage,
    ...(extra.account ? { env: { account: extra.account as string } } : {}),
    // Every optional part on: contacts, the logging custom resource, several clusters.
    config: parseConfig({
      clusters: [{ name: 'prod-eu-1', enableControlPlaneLogging: true }, { name: 'staging' }],
      contacts: { operations: [{ protocol: 'email', endpoint: 'noc@example.com' }] },
      statusPage: { enabled: true, clusters: ['prod-eu-1'] },
      ...extra,
    }),
  });
  try {
    app.synth();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('deploy-time checks: cdk-nag (AwsSolutions, Serverless) and the Control Tower proactive controls', () => {
  it.each([
    ['prod, environment-agnostic', STAGES.prod, {}],
    ['dev', STAGES.dev, {}],
    [
      'prod in a named account and a VPC, the console on its own domain behind a web ACL',
      STAGES.prod,
      {
        account: '111122223333',
        network: { vpcId: 'vpc-0a1b2c3d', subnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'] },
        console: {
          domain: {
            names: ['incidents.example.com'],
            certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-1234-5678-9abc-def012345678',
          },
          webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/watchkeeper/0a1b2c3d-1234',
        },
      },
    ],
    [
      'prod with chat channels and trackers (docs/examples/chat-and-trackers.json)',
      STAGES.prod,
      {
        collaboration: (
          JSON.parse(
            readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'examples', 'chat-and-trackers.json'), 'utf8'),
          ) as { collaboration: unknown }
        ).collaboration,
      },
    ],
    ['prod with the Kinesis path for busy clusters', STAGES.prod, { ingest: 'stream' }],
  ])('find nothing unacknowledged: %s', (_name, stage, extra) => {
    expect(findings(stage, extra)).toBe('');
  });
});

describe('deploy-time checks on a hub and its spokes', () => {
  it('find nothing unacknowledged in the hub, its destination stack and both spokes (docs/examples/hub-and-spokes.json)', () => {
    // With cdk.json's feature flags, as `cdk synth` runs: named regions make partitions literal in ARNs.
    const { context } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'cdk.json'), 'utf8'));
    const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app), controlTowerValidator());
    const example = readFileSync(
      join(import.meta.dirname, '..', '..', 'docs', 'examples', 'hub-and-spokes.json'),
      'utf8',
    );
    const fleet = fleetStacks(app, parseConfig(JSON.parse(example)), STAGES.prod);
    expect(fleet.spokes).toHaveLength(2);
    let report = '';
    try {
      app.synth();
    } catch (error) {
      report = (error as Error).message;
    }
    expect(report).toBe('');
  });
});

describe('the Control Tower validator itself', () => {
  it('reports a control a resource breaks (it is really running)', () => {
    const app = new App();
    Validations.of(app).addPlugins(controlTowerValidator());
    const stack = new Stack(app, 'Bare');
    new Bucket(stack, 'Unversioned');
    expect(() => app.synth()).toThrow(/CT\.S3\.PR\.11/);
  });
});
