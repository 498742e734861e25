/** What an action acts through: the cluster's Kubernetes API, AWS APIs, or reads only. */
export type ActionFamily = 'kubernetes' | 'aws' | 'evidence';

/** One kind of action: what it needs, what it does, and whether it may run without a person. */
export interface ActionKind {
  readonly family: ActionFamily;
  /** For people: what it does, with `{param}` placeholders. */
  readonly describe: string;
  /** Its parameters; each is required unless it has a default. */
  readonly params: Readonly<Record<string, { readonly required: boolean; readonly about: string }>>;
  /**
   * May run in `auto` mode: it changes nothing a person would want to keep (evidence collection,
   * turning logging back on). Everything else is suggested or approved.
   */
  readonly safe: boolean;
}

const p = (about: string, required = true) => ({ required, about });

/**
 * The catalogue of action kinds: the one place that says which exist. Rules and correlation policies
 * name them with parameters taken from the incident.
 */
export const ACTION_KINDS = {
  'cordon-node': {
    family: 'kubernetes',
    describe: 'Cordon node {node}: no new pods are scheduled on it',
    params: { node: p('the node name') },
    safe: false,
  },
  'drain-node': {
    family: 'kubernetes',
    describe: 'Drain node {node}: cordon it and evict its pods (PodDisruptionBudgets honoured, DaemonSets kept)',
    params: { node: p('the node name') },
    safe: false,
  },
  'restart-workload': {
    family: 'kubernetes',
    describe: 'Rollout-restart {workload} in {namespace}',
    params: {
      namespace: p('the namespace'),
      workload: p('the workload: a Deployment, StatefulSet or DaemonSet name, or a pod of one'),
      workloadKind: p('Deployment (default), StatefulSet, DaemonSet or Pod (resolved to its owner)', false),
    },
    safe: false,
  },
  'scale-workload': {
    family: 'kubernetes',
    describe: 'Scale {workload} in {namespace} to {replicas} replicas',
    params: {
      namespace: p('the namespace'),
      workload: p('the workload: a Deployment or StatefulSet name, or a pod of one'),
      workloadKind: p('Deployment (default), StatefulSet or Pod (resolved to its owner)', false),
      replicas: p("the replica count, or 'previous': what the Deployment's previous revision ran"),
    },
    safe: false,
  },
  'delete-pod': {
    family: 'kubernetes',
    describe: 'Delete pod {pod} in {namespace} (its controller starts a new one)',
    params: { namespace: p('the namespace'), pod: p('the pod name') },
    safe: false,
  },
  'isolate-pod': {
    family: 'kubernetes',
    describe: 'Isolate pod {pod} in {namespace}: label it and deny all its traffic with a NetworkPolicy',
    params: { namespace: p('the namespace'), pod: p('the pod name') },
    safe: false,
  },
  'remove-binding': {
    family: 'kubernetes',
    describe: 'Remove {bindingKind} {binding}{namespace?} (its manifest is kept in the incident to restore it)',
    params: {
      binding: p('the binding name'),
      bindingKind: p('ClusterRoleBinding (default) or RoleBinding', false),
      namespace: p('the namespace of a RoleBinding', false),
    },
    safe: false,
  },
  'collect-evidence': {
    family: 'evidence',
    describe: 'Collect the recent events and the description of {objectKind} {name}{namespace?} into the incident',
    params: {
      objectKind: p('Pod (default), Node, Deployment, StatefulSet or DaemonSet', false),
      name: p('the object name'),
      namespace: p('the namespace (none for a node)', false),
    },
    safe: true,
  },
  'enable-control-plane-logging': {
    family: 'aws',
    describe: 'Turn the control-plane log types {types} of cluster {cluster} back on',
    params: {
      types: p('comma-separated: api, audit, authenticator, controllerManager, scheduler (default: all five)', false),
    },
    safe: true,
  },
  'delete-access-entry': {
    family: 'aws',
    describe: 'Delete the access entry of {principalArn} on cluster {cluster}',
    params: { principalArn: p('the IAM principal ARN of the access entry') },
    safe: false,
  },
  'disassociate-access-policy': {
    family: 'aws',
    describe: 'Disassociate {policyArn} from {principalArn} on cluster {cluster}',
    params: { principalArn: p('the IAM principal ARN'), policyArn: p('the access policy ARN') },
    safe: false,
  },
  'start-ssm-automation': {
    family: 'aws',
    describe: 'Run the SSM Automation document {document} and wait for its result',
    params: {
      document: p('the document name (e.g. AWSSupport-CollectEKSInstanceLogs)'),
      parameters: p('its parameters as JSON: an object of string lists', false),
    },
    safe: false,
  },
} as const satisfies Record<string, ActionKind>;

/** The name of an action kind. */
export type ActionKindName = keyof typeof ACTION_KINDS;

/** Every action kind's name. */
export const ACTION_KIND_NAMES = Object.keys(ACTION_KINDS) as ActionKindName[];
