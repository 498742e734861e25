import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { stateMachineArn } from './escalation-workflow.ts';
import type { CfnElement } from 'aws-cdk-lib';
import { nagAccount, nagPartition, nagRegion } from '../nag-ids.ts';
import { CfnAccessEntry } from 'aws-cdk-lib/aws-eks';
import type { IGrantable, IRole } from 'aws-cdk-lib/aws-iam';
import { Effect, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ActionKindName } from '../../functions/core/actions/catalogue.ts';
import type { RemediationConfig } from '../../functions/core/actions/remediation-config.ts';
import type { ActionSpec } from '../../functions/core/actions/action-spec.ts';
import type { Rule } from '../../functions/core/rules/rule-schema.ts';
import type { IncidentTable } from './incident-table.ts';
import { TABLE_ACTIONS } from './incident-table.ts';
import type { LogSettings } from './log-group.ts';
import { houseLogGroup } from './log-group.ts';
import { FunctionsNetwork } from './network.ts';
import type { FunctionNetwork } from './network.ts';
import { remediationDefinition } from './remediation-definition.ts';
import { WatchkeeperFunction } from './watchkeeper-function.ts';
import type { FunctionEnvironment } from './watchkeeper-function.ts';
import type { SettingsFile } from '../../functions/shared/settings.ts';

/** The Kubernetes groups of the two access entries; docs/actions.md binds them to ClusterRoles. */
export const KUBERNETES_GROUPS = { reader: 'watchkeeper-reader', actions: 'watchkeeper-actions' } as const;

/** Properties of {@link Remediation}. */
export interface RemediationProps {
  readonly config: RemediationConfig;
  /** The rules in force (after overrides): their actions decide which permissions exist. */
  readonly rules: readonly Rule[];
  /** Correlation policies' actions: permissions for them too. */
  readonly policyActions?: readonly ActionSpec[];
  /** The onboarded clusters: every cluster permission names exactly these. */
  readonly clusters: readonly string[];
  readonly incidents: IncidentTable;
  readonly key: IKey;
  readonly logs: LogSettings;
  /** Where the other functions run; `remediation.vpc` overrides it for the action function. */
  readonly network?: FunctionNetwork;
  readonly sourceMaps?: boolean;
  /** The environment every function shares (table, topics). */
  readonly environment: FunctionEnvironment;
  /** The configuration as the functions read it. */
  readonly settings: SettingsFile;
}

/** The name of a stack's remediation state machine, known before it exists (ingestion and the API start it). */
export const remediationName = (scope: Construct): string => `${Stack.of(scope).stackName}-remediation`.slice(0, 80);

/** The ARN of a stack's remediation state machine, without a reference to it. */
export const remediationArn = (scope: Construct): string => stateMachineArn(scope, remediationName(scope));

/** The action kinds the rules and policies in force name (literal SSM documents too). */
function kindsInUse(actions: readonly ActionSpec[]): { kinds: Set<ActionKindName>; documents: Set<string> } {
  const kinds = new Set<ActionKindName>();
  const documents = new Set<string>();
  for (const action of actions) {
    kinds.add(action.kind);
    const document = action.params.document;
    if (action.kind === 'start-ssm-automation' && document && !document.includes('{')) documents.add(document);
  }
  return { kinds, documents };
}

/**
 * Known fixes as actions: the act function, the remediation workflow (one execution per action),
 * and one role per action family that the function acts as — `reader` (Kubernetes reads: planning
 * and evidence), `kubernetes` (Kubernetes changes) and `aws` (only the EKS and SSM calls the rules'
 * actions use, on the onboarded clusters and the listed SSM documents). The Kubernetes roles carry
 * no AWS permission: they exist to be named by the clusters' access entries.
 */
export class Remediation extends Construct {
  public readonly function: WatchkeeperFunction;
  public readonly stateMachine: StateMachine;
  /** The role of each action family; the access entries name `reader` and `kubernetes`. */
  public readonly roles: { readonly reader: IRole; readonly kubernetes: IRole; readonly aws: IRole };
  /** The environment of functions that propose actions or start runs: the workflow. */
  public readonly environment: FunctionEnvironment;
  /** The environment of functions that reach clusters (with {@link grantConnect}): the family roles. */
  public readonly rolesEnvironment: FunctionEnvironment;

  public constructor(scope: Construct, id: string, props: RemediationProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const { kinds, documents } = kindsInUse([
      ...props.rules.flatMap((r) => r.actions ?? []),
      ...(props.policyActions ?? []),
    ]);
    const unlisted = [...documents].filter((d) => !config.ssmDocuments.includes(d));
    if (unlisted.length > 0)
      throw new Error(
        `remediation.ssmDocuments must list the SSM documents the rules start: ${unlisted.join(', ')} (its policy names exactly those)`,
      );
    const network = config.vpc
      ? new FunctionsNetwork(this, 'ClusterNetwork', {
          vpcId: config.vpc.vpcId,
          subnetIds: config.vpc.subnetIds,
          securityGroupIds: config.vpc.securityGroupIds,
        }).network
      : props.network;

    this.clusterArns = props.clusters.map((name) =>
      stack.formatArn({ service: 'eks', resource: 'cluster', resourceName: name }),
    );
    this.function = new WatchkeeperFunction(this, 'Act', {
      entryFolder: 'act',
      logs: props.logs,
      network,
      sourceMaps: props.sourceMaps,
      // A drain evicts pod by pod and an SSM automation is awaited: the longest task of the workflow.
      timeout: Duration.minutes(15),
      withRunbooks: false,
      settings: props.settings,
    });
    this.roles = {
      reader: this.familyRole('Reader', 'Watchkeeper actions: Kubernetes reads (planning, evidence)'),
      kubernetes: this.familyRole('Kubernetes', 'Watchkeeper actions: Kubernetes changes'),
      aws: this.familyRole('Aws', 'Watchkeeper actions: the EKS and SSM calls of the configured actions'),
    };
    this.environment = { remediationArn: remediationArn(this) };
    this.rolesEnvironment = {
      actionRoles: stack.toJsonString({
        reader: this.roles.reader.roleArn,
        kubernetes: this.roles.kubernetes.roleArn,
        aws: this.roles.aws.roleArn,
      }),
    };
    this.function.setEnvironment({ ...props.environment, ...this.environment, ...this.rolesEnvironment });
    // Reads incidents, changes their actions, adds timeline entries; deletes nothing.
    props.incidents.grant(this.function, TABLE_ACTIONS.sweep);
    this.grantConnect(this.function, ['reader', 'kubernetes', 'aws']);
    this.grantAwsActions(kinds, props.clusters, config.ssmDocuments);
    if (config.accessEntries) this.addAccessEntries(props.clusters);

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: remediationName(this),
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(
        stack.toJsonString(remediationDefinition(this.function.functionArn, config.approvalPollSeconds)),
      ),
      tracingEnabled: true,
      // The longest approval wait (24 hours) and the run's retries fit.
      timeout: Duration.days(2),
      logs: {
        destination: houseLogGroup(this, 'Logs', props.logs),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    this.function.grantInvoke(this.stateMachine);
    const act = stack.getLogicalId(this.function.node.defaultChild as CfnElement);
    Validations.of(this.stateMachine.role).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'Log delivery (logs:CreateLogDelivery …) and X-Ray accept only "*" as resource.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${act}.Arn>:*]`,
        reason: 'The act function and its versions: the one function the workflow invokes.',
      },
    );
  }

  /**
   * Let a function reach the clusters as the given families: DescribeCluster on the onboarded
   * clusters (endpoint and CA) and assuming the families' roles (trusted by name). The API's dry
   * runs only read.
   */
  public grantConnect(grantee: IGrantable, families: ReadonlyArray<keyof Remediation['roles']>): void {
    for (const family of families) {
      const role = this.roles[family] as Role;
      if (grantee !== this.function)
        role.assumeRolePolicy?.addStatements(
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['sts:AssumeRole'],
            principals: [grantee.grantPrincipal],
          }),
        );
      role.grantAssumeRole(grantee.grantPrincipal);
    }
    const clusters = this.clusterArns;
    if (clusters.length > 0)
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['eks:DescribeCluster'], resources: clusters }),
      );
  }

  /** Let a function start the workflow (proposing an auto action, approving one). */
  public grantStart(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['states:StartExecution'],
        resources: [remediationArn(this)],
      }),
    );
  }

  private readonly clusterArns: string[];

  private familyRole(id: string, description: string): Role {
    // Trusted by the act function's role by name (and by the roles granted below); not by the account.
    return new Role(this, `${id}Role`, { assumedBy: this.function.executionRole, description });
  }

  /** The `aws` role: only the calls of the action kinds in use, on the onboarded clusters and listed documents. */
  private grantAwsActions(
    kinds: ReadonlySet<ActionKindName>,
    clusters: readonly string[],
    documents: readonly string[],
  ) {
    const stack = Stack.of(this);
    const role = this.roles.aws;
    const allow = (actions: string[], resources: string[]) => {
      if (resources.length > 0)
        role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources }));
    };
    const accessEntries = clusters.map((name) =>
      stack.formatArn({ service: 'eks', resource: 'access-entry', resourceName: `${name}/*` }),
    );
    if (kinds.has('enable-control-plane-logging')) allow(['eks:UpdateClusterConfig'], this.clusterArns);
    if (kinds.has('delete-access-entry')) allow(['eks:DeleteAccessEntry'], accessEntries);
    if (kinds.has('disassociate-access-policy')) allow(['eks:DisassociateAccessPolicy'], accessEntries);
    if (kinds.has('start-ssm-automation')) {
      allow(
        ['ssm:StartAutomationExecution'],
        documents.flatMap((d) => automationArns(stack, d)),
      );
      allow(
        ['ssm:GetAutomationExecution'],
        documents.length > 0
          ? [stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' })]
          : [],
      );
    }
    const account = nagAccount(stack);
    const region = nagRegion(stack);
    const partition = nagPartition(stack);
    const wildcards = [
      ...clusters.map((c) => `arn:${partition}:eks:${region}:${account}:access-entry/${c}/*`),
      ...documents.map((d) => `arn:${partition}:ssm:${region}:${account}:automation-definition/${d}:*`),
      `arn:${partition}:ssm:${region}:${account}:automation-execution/*`,
    ];
    for (const resource of wildcards)
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`,
        reason:
          'Access entries are named by cluster, then by a principal and a UUID EKS assigns; SSM automation definitions by version, executions by an id given when they start. Only the onboarded clusters and listed documents.',
      });
  }

  /** Access entries for the two Kubernetes roles on every onboarded cluster (`remediation.accessEntries`). */
  private addAccessEntries(clusters: readonly string[]) {
    clusters.forEach((clusterName, i) => {
      new CfnAccessEntry(this, `ReaderEntry${i}`, {
        clusterName,
        principalArn: this.roles.reader.roleArn,
        type: 'STANDARD',
        kubernetesGroups: [KUBERNETES_GROUPS.reader],
      });
      new CfnAccessEntry(this, `ActionsEntry${i}`, {
        clusterName,
        principalArn: this.roles.kubernetes.roleArn,
        type: 'STANDARD',
        kubernetesGroups: [KUBERNETES_GROUPS.actions],
      });
    });
  }
}

/**
 * What StartAutomationExecution is authorized on for one document: the document (AWS-owned ones
 * have no account in their ARN) and its automation definition, any version.
 */
function automationArns(stack: Stack, document: string): string[] {
  if (document.startsWith('arn:')) return [document];
  const owned = /^(AWS|Amazon)/.test(document);
  return [
    stack.formatArn({ service: 'ssm', resource: 'document', resourceName: document, account: owned ? '' : undefined }),
    stack.formatArn({ service: 'ssm', resource: 'automation-definition', resourceName: `${document}:*` }),
  ];
}
