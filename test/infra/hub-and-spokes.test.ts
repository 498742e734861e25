import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { fleetStacks } from '../../lib/fleet-stacks.ts';
import { escalationOf } from '../../functions/core/config/schema.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { STAGES } from '../../lib/stages.ts';
import { assertionApp } from '../helpers/cdk-app.ts';

// The documented example: a hub in 111111111111/eu-west-1, spokes 222222222222/eu-west-1 and
// 333333333333/us-east-1 (each with a cluster named prod), the stream path on, a StackSet for an OU.
const example = JSON.parse(readFileSync(new URL('../../docs/examples/hub-and-spokes.json', import.meta.url), 'utf8'));
const app = assertionApp();
const fleet = fleetStacks(app, parseConfig(example), STAGES.prod);
const hub = Template.fromStack(fleet.hub);
// The same fleet without a StackSet: its cdk-deployed spokes carry the account-level parts themselves.
const withoutStackSet = fleetStacks(
  assertionApp(),
  parseConfig({ ...example, organization: { id: example.organization.id } }),
  STAGES.prod,
);
const spokeOf = (stacks: typeof fleet, account: string) => {
  const stack = stacks.spokes.find((s) => s.account === account);
  if (!stack) throw new Error(`no spoke ${account}`);
  return Template.fromStack(stack);
};
const ORG = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };
const spoke = (account: string) => spokeOf(fleet, account);
const statements = (template: Template, type: string) =>
  Object.values(template.findResources(type)).flatMap(
    (r) => (r.Properties.PolicyDocument?.Statement ?? []) as Array<Record<string, unknown>>,
  );

describe('hub and spokes from docs/examples/hub-and-spokes.json', () => {
  it('makes the hub, a destination stack for the other region, and one spoke per account and region', () => {
    expect(fleet.hub.stackName).toBe('Watchkeeper-prod');
    expect([...fleet.destinations.keys()]).toEqual(['us-east-1']);
    expect(fleet.spokes.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['Watchkeeper-prod-spoke-222222222222-eu-west-1', '222222222222', 'eu-west-1'],
      ['Watchkeeper-prod-spoke-333333333333-us-east-1', '333333333333', 'us-east-1'],
    ]);
  });

  it('puts a destination in front of the named stream, subscribable only by the organization', () => {
    hub.hasResourceProperties('AWS::Kinesis::Stream', { Name: 'watchkeeper-prod-logs' });
    for (const template of [hub, Template.fromStack(fleet.destinations.get('us-east-1') as never)]) {
      const [destination] = Object.values(template.findResources('AWS::Logs::Destination'));
      expect(destination.Properties.DestinationName).toBe('watchkeeper-prod');
      const policy = JSON.stringify(destination.Properties.DestinationPolicy);
      expect(policy).toContain('\\"Principal\\":\\"*\\",\\"Action\\":\\"logs:PutSubscriptionFilter\\"');
      expect(policy).toContain(JSON.stringify(JSON.stringify({ Condition: ORG })).slice(3, -3));
    }
    hub.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'watchkeeper-prod-log-destination',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'logs.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } },
          }),
        ],
      },
    });
  });

  it("forwards IAM's calls from us-east-1, where CloudTrail delivers them to EventBridge, to the hub's region", () => {
    const global = Template.fromStack(fleet.globalEvents as never);
    expect(fleet.globalEvents?.region).toBe('us-east-1');
    const rules = Object.values(global.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    expect(rules[0].Properties.EventPattern).toMatchObject({ source: ['aws.iam'] });
    expect(JSON.stringify(rules[0].Properties.Targets)).toContain(':events:eu-west-1:');
    expect(JSON.stringify(rules[0].Properties.Targets)).toContain(':event-bus/default');
    // The hub's own rules take them there; its regional rule no longer waits for IAM calls that never come.
    const patterns = Object.values(hub.findResources('AWS::Events::Rule')).map((r) => r.Properties.EventPattern);
    expect(patterns).toContainEqual(expect.objectContaining({ source: ['aws.iam'] }));
    expect(patterns).toContainEqual(expect.objectContaining({ source: ['aws.eks', 'aws.ec2', 'aws.ecr'] }));
  });

  it('gives the hub a bus only the organization may put events on, with every source rule on it', () => {
    hub.hasResourceProperties('AWS::Events::EventBus', { Name: 'watchkeeper-prod-hub' });
    hub.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({ Principal: { AWS: '*' }, Action: 'events:PutEvents', Condition: ORG }),
    });
    const rules = Object.values(hub.findResources('AWS::Events::Rule'));
    const onHubBus = rules.filter((r) => r.Properties.EventBusName !== undefined);
    expect(onHubBus.length).toBeGreaterThanOrEqual(3);
    expect(onHubBus.length).toBe(rules.length - onHubBus.length - scheduledRules(rules));
  });

  it("subscribes each spoke's clusters to the hub's destination of its region, with a filter naming the region", () => {
    for (const [account, region] of [
      ['222222222222', 'eu-west-1'],
      ['333333333333', 'us-east-1'],
    ]) {
      spoke(account).hasResourceProperties('AWS::Logs::SubscriptionFilter', {
        LogGroupName: '/aws/eks/prod/cluster',
        FilterName: `watchkeeper-${region}`,
        DestinationArn: Match.objectLike({
          'Fn::Join': ['', Match.arrayWith([`:logs:${region}:111111111111:destination:watchkeeper-prod`])],
        }),
      });
    }
    // The hub subscribes only its own cluster.
    const hubFilters = Object.values(hub.findResources('AWS::Logs::SubscriptionFilter'));
    expect(hubFilters.map((f) => f.Properties.LogGroupName)).toEqual(['/aws/eks/platform/cluster']);
  });

  it('names a role of the spoke in each filter: the destination admits the organization, so CloudWatch Logs asks for one', () => {
    const template = spoke('222222222222');
    const [filter] = Object.values(template.findResources('AWS::Logs::SubscriptionFilter'));
    const [roleId] = filter.Properties.RoleArn['Fn::GetAtt'];
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'logs.amazonaws.com' },
        Condition: { StringLike: { 'aws:SourceArn': expect.anything() } },
      }),
    ]);
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(':logs:eu-west-1:222222222222:*');
    expect(statements(template, 'AWS::IAM::Policy')).toContainEqual(
      expect.objectContaining({ Action: 'logs:PutLogEvents', Effect: 'Allow' }),
    );
  });

  it("subscribes a spoke's cluster only once its log group exists (and its logging is on where asked)", () => {
    for (const account of ['222222222222', '333333333333']) {
      const template = spoke(account);
      const [filter] = Object.values(template.findResources('AWS::Logs::SubscriptionFilter'));
      const onboarding = Object.keys(template.findResources('Custom::AWS'));
      expect(onboarding.length).toBe(account === '333333333333' ? 2 : 1);
      for (const id of onboarding) expect(filter.DependsOn).toContain(id);
    }
  });

  it("leaves the account-level parts to the StackSet where there is one: a listed spoke's roles would clash with its", () => {
    for (const account of ['222222222222', '333333333333']) {
      expect(Object.keys(spoke(account).findResources('AWS::Events::Rule'))).toEqual([]);
      const names = Object.values(spoke(account).findResources('AWS::IAM::Role')).map((r) => r.Properties.RoleName);
      expect(names.filter(Boolean)).toEqual([]);
    }
    expect(() =>
      parseConfig({ ...example, organization: { ...example.organization, stackSetRegions: ['eu-west-1'] } }),
    ).toThrow(/list us-east-1[\s\S]*stackSetRegions/);
  });

  it("forwards the spokes' events to the hub's bus with a role that may only put events there", () => {
    const forwarding = spokeOf(withoutStackSet, '222222222222');
    const rules = Object.values(forwarding.findResources('AWS::Events::Rule'));
    expect(rules.length).toBeGreaterThanOrEqual(3);
    for (const rule of rules)
      expect(JSON.stringify(rule.Properties.Targets)).toContain(
        ':events:eu-west-1:111111111111:event-bus/watchkeeper-prod-hub',
      );
    const actions = statements(forwarding, 'AWS::IAM::Policy').map((s) => s.Action);
    expect(actions.sort()).toEqual([
      'events:PutEvents',
      'logs:CreateLogGroup',
      'logs:DescribeLogStreams',
      'logs:PutLogEvents',
    ]);
  });

  it('lets only the hub assume the read-only silence role of a spoke, and the hub assume only those', () => {
    spokeOf(withoutStackSet, '333333333333').hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'watchkeeper-prod-silence-reader-us-east-1',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRole',
            Condition: {
              ArnLike: { 'aws:PrincipalArn': Match.objectLike({ 'Fn::Join': Match.anyValue() }) },
            },
          }),
        ],
      },
    });
    const assume = statements(hub, 'AWS::IAM::Policy').filter((s) => s.Action === 'sts:AssumeRole');
    expect(JSON.stringify(assume)).toContain('222222222222:role/watchkeeper-prod-silence-reader-eu-west-1');
    expect(JSON.stringify(assume)).toContain('333333333333:role/watchkeeper-prod-silence-reader-us-east-1');
    // Control-plane logging is turned on by the spoke that asked for it.
    expect(JSON.stringify(spoke('333333333333').findResources('Custom::AWS'))).toContain('updateClusterConfig');
    expect(JSON.stringify(spoke('222222222222').findResources('Custom::AWS'))).not.toContain('updateClusterConfig');
  });

  it('synthesizes a service-managed StackSet of the asset-free spoke for the OU, auto-deployed', () => {
    const [stackSet] = Object.values(hub.findResources('AWS::CloudFormation::StackSet'));
    expect(stackSet.Properties).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdef3456'] }, Regions: ['eu-west-1', 'us-east-1'] },
      ],
    });
    const body = JSON.stringify(stackSet.Properties.TemplateBody);
    expect(body).toContain('AWS::Events::Rule');
    expect(body).toContain('{HubAccount}:event-bus/watchkeeper-prod-hub');
    expect(body).not.toContain('AWS::Lambda::Function');
    expect(body).not.toContain('AWS::Logs::SubscriptionFilter');
  });
});

/** Rules on the default bus that are schedules, not sources (sweeper, silence check …). */
function scheduledRules(rules: Array<Record<string, { ScheduleExpression?: unknown }>>): number {
  return rules.filter((r) => r.Properties.ScheduleExpression !== undefined).length;
}

describe('a hub configuration that cannot work is refused at synth, naming the field', () => {
  const hub = { account: '111111111111', region: 'eu-west-1', ingest: 'stream', organization: { id: 'o-a1b2c3d4e5' } };
  it.each([
    [
      'a spoke cluster without the hub naming its place',
      { clusters: [{ name: 'prod', account: '222222222222' }] },
      'account',
    ],
    [
      'clusters of other accounts without the organization',
      { ...hub, organization: undefined, clusters: [{ name: 'prod', account: '222222222222' }] },
      'organization',
    ],
    ['a hub on the direct path', { ...hub, ingest: 'direct' }, 'ingest'],
    [
      'the same cluster listed twice',
      {
        ...hub,
        clusters: [
          { name: 'prod', account: '222222222222' },
          { name: 'prod', account: '222222222222' },
        ],
      },
      '"222222222222/eu-west-1/prod" is listed twice',
    ],
  ])('%s', (_name, config, message) => {
    expect(() => parseConfig(config)).toThrow(message);
  });

  it('keeps a cluster named like a spoke’s apart in the SLA tiers and the status page', () => {
    const config = parseConfig({
      ...hub,
      clusters: [
        { name: 'prod', slaTier: 'gold' },
        { name: 'prod', account: '222222222222', slaTier: 'bronze' },
      ],
      statusPage: { enabled: true, clusters: ['222222222222/eu-west-1/prod'] },
    });
    expect(config.statusPage.clusters).toEqual(['222222222222/eu-west-1/prod']);
    expect(escalationOf(config).clusterSlaTiers).toEqual({ prod: 'gold', '222222222222/eu-west-1/prod': 'bronze' });
  });
});
