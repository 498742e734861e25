import { describe, expect, it } from '@jest/globals';
import {
  DeleteAccessEntryCommand,
  DisassociateAccessPolicyCommand,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import { GetAutomationExecutionCommand, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { AwsActions } from '../../../functions/adapters/aws-actions.ts';
import { ActionSpecSchema } from '../../../functions/core/actions/action-spec.ts';
import { planAws, uuidOf } from '../../../functions/core/actions/aws-plan.ts';
import { bindParams, UnboundParamError } from '../../../functions/core/actions/bind-params.ts';
import { executePlan } from '../../../functions/core/actions/execute.ts';
import { builtInRules } from '../../../functions/core/rules/catalogue.ts';
import { Classifier } from '../../../functions/core/rules/classifier.ts';
import { exampleRecords } from '../../../functions/core/rules/rule-examples.ts';
import { bundledAwsRanges } from '../../../functions/core/sources/aws-ranges-data.ts';

const context = {
  cluster: 'prod-eu-1',
  namespace: 'shop',
  resource: { kind: 'Pod', name: 'api-7d9f8c6b5-x2kqp' },
  evidence: {
    'eks.principalArn': 'arn:aws:iam::111122223333:role/intruder',
    'event.involvedName': '',
    'pod.untrustedImages': ['evil/miner:1', 'evil/proxy:2'],
  },
};

describe('actions a rule names', () => {
  it('refuses auto for an action that changes the cluster, saying why, when the configuration loads', () => {
    const parsed = ActionSpecSchema.safeParse({
      kind: 'drain-node',
      mode: 'auto',
      params: { node: '{resource.name}' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['mode', 'drain-node changes the cluster: it cannot run without a person (mode suggest or approve)'],
    ]);
    expect(ActionSpecSchema.parse({ kind: 'enable-control-plane-logging', mode: 'auto' })).toMatchObject({
      mode: 'auto',
    });
  });

  it('names missing and unknown parameters', () => {
    const parsed = ActionSpecSchema.safeParse({
      kind: 'scale-workload',
      params: { namespace: 'a', workload: 'b', size: '3' },
    });
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([
      'scale-workload takes no parameter size (it takes: namespace, workload, workloadKind, replicas)',
      'scale-workload needs the parameter replicas',
    ]);
  });

  it('binds parameters to the incident, trying each reference in turn, and says which one found nothing', () => {
    expect(
      bindParams(
        {
          pod: '{evidence.event.involvedName|resource.name}',
          principalArn: '{evidence.eks.principalArn}',
          images: '{evidence.pod.untrustedImages}',
          where: '{cluster}/{namespace}',
          parameters: '{"Cluster":["{cluster}"]}',
        },
        context,
      ),
    ).toEqual({
      pod: 'api-7d9f8c6b5-x2kqp',
      principalArn: 'arn:aws:iam::111122223333:role/intruder',
      images: 'evil/miner:1,evil/proxy:2',
      where: 'prod-eu-1/shop',
      parameters: '{"Cluster":["prod-eu-1"]}',
    });
    const hostile = {
      ...context,
      evidence: { 'node.name': 'i-1"],"AutomationAssumeRole":["arn:aws:iam::1:role/admin' },
    };
    expect(() => bindParams({ parameters: '{"InstanceId":["{evidence.node.name}"]}' }, hostile)).toThrow(
      "parameter parameters: the incident's value holds a quote, backslash or control character",
    );
    expect(() => bindParams({ node: '{evidence.node.name}' }, context)).toThrow(UnboundParamError);
    expect(() => bindParams({ node: '{evidence.node.name}' }, context)).toThrow(
      'parameter node: nothing in the incident for {evidence.node.name}',
    );
  });
});

describe('the actions the catalogue ships', () => {
  const rules = builtInRules();
  const classifier = new Classifier(rules, { awsRanges: bundledAwsRanges });
  const withActions = rules.filter((r) => r.actions.length > 0);

  it('covers the six situations with a known fix, automatic only where safe', () => {
    expect(Object.fromEntries(withActions.map((r) => [r.id, r.actions.map((a) => `${a.kind}:${a.mode}`)]))).toEqual({
      'privileged-pod-created': ['collect-evidence:auto', 'isolate-pod:approve'],
      'cluster-admin-binding': ['remove-binding:approve'],
      'node-not-ready': ['collect-evidence:auto', 'cordon-node:suggest', 'drain-node:suggest'],
      'crash-loop-backoff': ['collect-evidence:auto', 'restart-workload:suggest', 'scale-workload:suggest'],
      'eks-control-plane-logging-disabled': ['enable-control-plane-logging:auto'],
      'eks-cluster-admin-policy-associated': ['disassociate-access-policy:approve'],
    });
  });

  it.each(withActions.map((r) => [r.id, r] as const))(
    '%s: every action binds on what its own examples raise',
    (_id, rule) => {
      for (const example of rule.examples?.match ?? [])
        for (const raw of exampleRecords(example))
          for (const signal of classifier.classify(raw).filter((s) => s.rule === rule.id))
            for (const action of rule.actions) {
              const params = bindParams(action.params, {
                cluster: signal.cluster,
                namespace: signal.resource.namespace || undefined,
                resource: { ...signal.resource },
                evidence: signal.evidence,
              });
              expect(ActionSpecSchema.parse({ ...action, params })).toBeTruthy();
              for (const value of Object.values(params)) expect(value).not.toMatch(/[{}]/);
            }
    },
  );
});

/** EKS and SSM clients that record the commands they get and answer as the services do. */
function clients(answers: Record<string, (input: unknown) => unknown> = {}) {
  const sent: Array<{ command: string; input: unknown }> = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: unknown }) => {
      sent.push({ command: command.constructor.name, input: command.input });
      const answer = answers[command.constructor.name];
      return answer ? answer(command.input) : {};
    },
  };
  return { sent, eks: client as never, ssm: client as never };
}

describe('AWS actions', () => {
  it('turns control-plane logging back on with UpdateClusterConfig, idempotent by the execution id', async () => {
    const plan = planAws('enable-control-plane-logging', {}, 'prod-eu-1', 'fpLogs.1-logging-1');
    const c = clients({ UpdateClusterConfigCommand: () => ({ update: { id: 'u-1', status: 'InProgress' } }) });
    const result = await executePlan(plan, {
      kube: async () => ({ status: 500, body: {} }),
      aws: (r) => new AwsActions(c).send(r),
    });
    expect(result.outcome).toBe('succeeded');
    expect(c.sent).toEqual([
      {
        command: UpdateClusterConfigCommand.name,
        input: {
          name: 'prod-eu-1',
          logging: {
            clusterLogging: [
              { types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true },
            ],
          },
          clientRequestToken: 'fpLogs.1-logging-1',
        },
      },
    ]);
  });

  it('disassociates an access policy and deletes an access entry; a retry that finds them gone is done', async () => {
    const principalArn = 'arn:aws:iam::111122223333:role/intruder';
    const policyArn = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
    const gone = Object.assign(new Error('No access entry found'), { name: 'ResourceNotFoundException' });
    const c = clients({
      DeleteAccessEntryCommand: () => {
        throw gone;
      },
    });
    const transport = { kube: async () => ({ status: 500, body: {} }), aws: (r: never) => new AwsActions(c).send(r) };
    const disassociate = await executePlan(
      planAws('disassociate-access-policy', { principalArn, policyArn }, 'prod-eu-1', 'x'),
      transport,
    );
    const remove = await executePlan(planAws('delete-access-entry', { principalArn }, 'prod-eu-1', 'x'), transport);
    expect(c.sent).toEqual([
      { command: DisassociateAccessPolicyCommand.name, input: { clusterName: 'prod-eu-1', principalArn, policyArn } },
      { command: DeleteAccessEntryCommand.name, input: { clusterName: 'prod-eu-1', principalArn } },
    ]);
    expect(disassociate.outcome).toBe('succeeded');
    expect(remove.steps.map((s) => s.outcome)).toEqual(['already-done']);
    expect(() => planAws('delete-access-entry', { principalArn: 'arn:aws:iam::1:root' }, 'c', 'x')).toThrow(
      'is not an ARN',
    );
  });

  it('starts an SSM Automation with a UUID client token and waits for its end', async () => {
    let asked = 0;
    const c = clients({
      StartAutomationExecutionCommand: () => ({ AutomationExecutionId: 'a-1' }),
      GetAutomationExecutionCommand: () => ({
        AutomationExecution: {
          AutomationExecutionStatus: ++asked < 3 ? 'InProgress' : 'Success',
          Outputs: { Bucket: ['logs'] },
        },
      }),
    });
    const actions = new AwsActions({ ...c, pollMs: 1, sleep: async () => undefined });
    const plan = planAws(
      'start-ssm-automation',
      { document: 'AWSSupport-CollectEKSInstanceLogs', parameters: '{"EKSInstanceId":["i-0123456789abcdef0"]}' },
      'prod-eu-1',
      'fpNode.1-ssm-1',
    );
    const result = await executePlan(plan, {
      kube: async () => ({ status: 500, body: {} }),
      aws: (r) => actions.send(r),
    });
    expect(result.outcome).toBe('succeeded');
    expect(c.sent[0]).toEqual({
      command: StartAutomationExecutionCommand.name,
      input: {
        DocumentName: 'AWSSupport-CollectEKSInstanceLogs',
        Parameters: { EKSInstanceId: ['i-0123456789abcdef0'] },
        ClientToken: uuidOf('fpNode.1-ssm-1'),
      },
    });
    expect(uuidOf('fpNode.1-ssm-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(c.sent.slice(1).map((s) => s.command)).toEqual(Array(3).fill(GetAutomationExecutionCommand.name));
    expect(result.steps[0]?.answer).toContain('"Bucket":["logs"]');
  });
});
