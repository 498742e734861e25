import { describe, expect, it } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/load-config.ts';
import { WatchkeeperStack } from '../../lib/watchkeeper-stack.ts';
import { assertionApp } from '../helpers/cdk-app.ts';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation's JSON, read field by field
type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

function synth(config: Record<string, unknown>): Resources {
  const app = assertionApp();
  const stack = new WatchkeeperStack(app, 'Acting', {
    config: parseConfig({ account: '111122223333', ...config }),
    env: { account: '111122223333', region: 'eu-west-1' },
  });
  return Template.fromStack(stack).toJSON().Resources as Resources;
}

const CLUSTERS = [{ name: 'prod-eu-1' }, { name: 'staging' }];
const resources = synth({ clusters: CLUSTERS });
const byId = (prefix: string) => Object.entries(resources).filter(([id]) => id.startsWith(prefix));
const policyOf = (rs: Resources, rolePrefix: string) =>
  Object.entries(rs)
    .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith(rolePrefix))
    .flatMap(
      ([, r]) => r.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
    );
const actionsOf = (rs: Resources, rolePrefix: string) => policyOf(rs, rolePrefix).flatMap((s) => [s.Action].flat());

describe('remediation in AWS', () => {
  it('deploys the workflow invoking the act function, started by ingestion and the API by name', () => {
    const [[, machine]] = byId('RemediationStateMachine').filter(
      ([, r]) => r.Type === 'AWS::StepFunctions::StateMachine',
    );
    expect(machine.Properties.StateMachineName).toBe('Acting-remediation');
    expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('RemediationAct');
    for (const starter of ['IngestLogsRole', 'IngestEventsRole', 'ApiRole'])
      expect(policyOf(resources, starter)).toContainEqual(
        expect.objectContaining({ Action: 'states:StartExecution', Resource: expect.objectContaining({}) }),
      );
    expect(JSON.stringify(policyOf(resources, 'ApiRole'))).toContain(':stateMachine:Acting-remediation');
  });

  it('gives the aws role only the calls of the shipped actions, on the onboarded clusters', () => {
    const statements = policyOf(resources, 'RemediationAwsRole');
    const flat = JSON.stringify(statements);
    expect(actionsOf(resources, 'RemediationAwsRole').sort()).toEqual([
      'eks:DisassociateAccessPolicy',
      'eks:UpdateClusterConfig',
    ]);
    expect(flat).toContain('cluster/prod-eu-1');
    expect(flat).toContain('access-entry/staging/*');
    expect(flat).not.toMatch(/"Resource":"\*"/);
  });

  it('lets the act function assume the three family roles and the API only the reader', () => {
    const assumed = (prefix: string) =>
      policyOf(resources, prefix)
        .filter((s) => s.Action === 'sts:AssumeRole')
        .map((s) => JSON.stringify(s.Resource).match(/Remediation(\w+?)Role/)?.[1]);
    expect(assumed('RemediationActRole').sort()).toEqual(['Aws', 'Kubernetes', 'Reader']);
    expect(assumed('ApiRole')).toEqual(['Reader']);
    expect(actionsOf(resources, 'RemediationActRole')).toContain('eks:DescribeCluster');
    // The Kubernetes roles carry no AWS permission at all: they exist to be named by access entries.
    expect(policyOf(resources, 'RemediationKubernetesRole')).toEqual([]);
    // The reader role trusts the act function's role and the API's, not the account.
    const [[, reader]] = byId('RemediationReaderRole').filter(([, r]) => r.Type === 'AWS::IAM::Role');
    const trusted = JSON.stringify(reader.Properties.AssumeRolePolicyDocument);
    expect(trusted).toContain('RemediationActRole');
    expect(trusted).toContain('ApiRole');
    expect(trusted).not.toContain(':root');
  });

  it('creates access entries on request, names listed SSM documents only, and runs in the clusters VPC', () => {
    const ssm = {
      override: {
        'node-not-ready': {
          actions: [{ kind: 'start-ssm-automation', params: { document: 'AWSSupport-CollectEKSInstanceLogs' } }],
        },
      },
    };
    expect(() => synth({ clusters: CLUSTERS, rules: ssm })).toThrow(/remediation.ssmDocuments must list.*CollectEKS/);
    // A correlation policy's actions need their permissions as much as a rule's.
    const policy = {
      name: 'nodes-of-prod',
      match: { cluster: ['prod-eu-1'] },
      groupBy: ['cluster'],
      actions: [{ kind: 'start-ssm-automation', params: { document: 'AWSSupport-TroubleshootEKSWorkerNode' } }],
    };
    expect(() => synth({ clusters: CLUSTERS, grouping: { policies: [policy] } })).toThrow(
      /remediation.ssmDocuments must list.*TroubleshootEKSWorkerNode/,
    );
    const rs = synth({
      clusters: CLUSTERS,
      rules: ssm,
      remediation: {
        ssmDocuments: ['AWSSupport-CollectEKSInstanceLogs'],
        accessEntries: true,
        vpc: { vpcId: 'vpc-0a1b2c3d', subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: ['sg-0a1b2c3d'] },
      },
    });
    const entries = Object.values(rs).filter((r) => r.Type === 'AWS::EKS::AccessEntry');
    expect(entries.map((e) => [e.Properties.ClusterName, e.Properties.KubernetesGroups[0]]).sort()).toEqual([
      ['prod-eu-1', 'watchkeeper-actions'],
      ['prod-eu-1', 'watchkeeper-reader'],
      ['staging', 'watchkeeper-actions'],
      ['staging', 'watchkeeper-reader'],
    ]);
    const flat = JSON.stringify(policyOf(rs, 'RemediationAwsRole'));
    expect(flat).toContain('ssm:StartAutomationExecution');
    expect(flat).toContain(':ssm:eu-west-1::document/AWSSupport-CollectEKSInstanceLogs');
    const [[, act]] = Object.entries(rs).filter(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('RemediationAct'),
    );
    expect(act.Properties.VpcConfig).toEqual({ SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d'] });
  });
});
