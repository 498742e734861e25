import type { ActionSpec } from '../actions/action-spec.ts';
import type { Matcher } from './alert-matchers.ts';

/**
 * A correlation policy: which alerts it groups, what they must share, within how long. Alerts it
 * `absorbs` are symptoms: they join an open incident of the policy (shown, their resolution
 * recorded) but never start one and never page on their own — Alertmanager's inhibition, made visible.
 */
export interface CorrelationPolicy {
  readonly name: string;
  /** Alerts it groups: any one of these matcher sets (each an AND of matchers). */
  readonly match: readonly (readonly Matcher[])[];
  /** Symptoms it absorbs while one of its incidents is open: any one of these matcher sets. */
  readonly absorbs?: readonly (readonly Matcher[])[];
  /** Alert fields that must be equal (an alert without one of them is not grouped by this policy). */
  readonly groupBy: readonly string[];
  /** An alert joins an open incident when it happened within this many minutes of the incident's alerts. */
  readonly windowMinutes: number;
  /** The incident's title: `{cluster}`, `{namespace}`, `{principal}`, `{workload}`, `{component}`, `{lead}`. */
  readonly title: string;
  /** Actions proposed once on each of its incidents (users' policies only). */
  readonly actions?: readonly ActionSpec[];
}

/** How alerts are grouped into incidents, as the functions receive it (validated and compiled at synth). */
export interface GroupingConfig {
  /** Off: every alert is an incident of its own. */
  readonly enabled: boolean;
  /** In the order they are tried: the first policy an alert can join or start decides. */
  readonly policies: readonly CorrelationPolicy[];
  /**
   * How long the first page of an incident made only of possible symptoms waits, so that a cause
   * arriving a little later absorbs it before anyone is woken (Alertmanager's `group_wait`, for symptoms).
   */
  readonly symptomWaitSeconds: number;
  /** How long the first page of any new incident waits for related alerts (Alertmanager's `group_wait`). */
  readonly groupWaitSeconds: number;
}

/** The policy of an incident whose alert stands alone. */
export const SINGLE_ALERT = 'alert';

const m = (field: string, op: Matcher['op'], value: string): Matcher => ({ field, op, value });

/** Default window of every policy: 30 minutes. */
export const DEFAULT_WINDOW_MINUTES = 30;

/**
 * The default policies, in order. They need no editing: each can be switched off by name.
 *
 * - `attack-sequence`: a GuardDuty attack sequence (Extended Threat Detection) absorbs the other
 *   GuardDuty findings of its cluster: GuardDuty already correlated them into one compromise.
 * - `control-plane`: a failing control-plane component (etcd, admission webhooks, certificates,
 *   panics, the authenticator, a silent cluster) absorbs the symptoms it explains in the same cluster
 *   (API errors and throttling, NotReady nodes, evictions, unschedulable pods, controllers losing
 *   their lease, volume and load-balancer failures).
 * - `nodes`: NotReady or failing nodes of a cluster absorb the evictions and scheduling failures
 *   that follow.
 * - `same-principal`: security alerts in one cluster (or account) by one principal — the IAM ARN
 *   (role session), the access key, else the Kubernetes username and source IP.
 * - `same-workload`: alerts about the pods of one workload and the workload itself.
 */
export const DEFAULT_POLICIES: readonly CorrelationPolicy[] = [
  {
    name: 'attack-sequence',
    match: [[m('rule', '=', 'guardduty-attack-sequence')]],
    absorbs: [[m('source', '=', 'guardduty'), m('rule', '!=', 'guardduty-attack-sequence')]],
    groupBy: ['cluster'],
    windowMinutes: DEFAULT_WINDOW_MINUTES,
    title: 'Attack in progress on {cluster}: {lead}',
  },
  {
    name: 'control-plane',
    match: [
      [
        m(
          'rule',
          '=~',
          'etcd-.+|admission-webhook-failing|apiserver-certificate-error|control-plane-panic|control-plane-rbac-denied|authenticator-sts-error|authenticator-error|cluster-logs-silent',
        ),
      ],
      [m('source', '=', 'alertmanager'), m('component', '=~', 'etcd|admission'), m('category', '!=', 'security')],
    ],
    absorbs: [
      [
        m(
          'rule',
          '=~',
          'apiserver-5xx|apiserver-throttled|apiserver-throttling-text|node-not-ready|node-pods-evicted|pod-unschedulable|scheduler-leader-election-lost|controller-manager-leader-election-lost|volume-attach-failed|volume-provisioning-failed|namespace-deletion-stuck|load-balancer-sync-failed|route-sync-failed',
        ),
      ],
      [
        m('source', '=', 'alertmanager'),
        m('component', '=~', 'kube-apiserver|kube-scheduler|kube-controller-manager|node|kubelet'),
      ],
    ],
    groupBy: ['cluster'],
    windowMinutes: DEFAULT_WINDOW_MINUTES,
    title: 'Control plane trouble on {cluster}: {lead}',
  },
  {
    name: 'nodes',
    match: [
      [
        m(
          'rule',
          '=~',
          'node-not-ready|node-kernel-problem|node-pressure|kube-proxy-failing|node-role-policy-detached',
        ),
      ],
      [m('source', '=', 'alertmanager'), m('component', '=~', 'node|kubelet|kube-proxy')],
    ],
    absorbs: [[m('rule', '=~', 'node-pods-evicted|pod-unschedulable|pod-sandbox-failed')]],
    groupBy: ['cluster'],
    windowMinutes: DEFAULT_WINDOW_MINUTES,
    title: 'Nodes in trouble on {cluster}: {lead}',
  },
  {
    name: 'same-principal',
    match: [[m('category', '=', 'security')]],
    groupBy: ['cluster', 'principal'],
    windowMinutes: DEFAULT_WINDOW_MINUTES,
    title: 'Suspicious activity by {principal} on {cluster}',
  },
  {
    name: 'same-workload',
    match: [
      [
        m(
          'rule',
          '=~',
          'crash-loop-backoff|container-oom-killed|image-pull-not-found|image-pull-unauthorized|mount-failed|probe-failing|pod-unschedulable|node-pods-evicted|pod-sandbox-failed',
        ),
      ],
      [m('source', '=', 'alertmanager'), m('component', '=', 'workload')],
    ],
    groupBy: ['cluster', 'namespace', 'workload'],
    windowMinutes: DEFAULT_WINDOW_MINUTES,
    title: '{namespace}/{workload} failing on {cluster}',
  },
];

/** The names of the default policies (what `grouping.disable` accepts). */
export const DEFAULT_POLICY_NAMES = DEFAULT_POLICIES.map((p) => p.name);

/** The default wait before a possible symptom pages: two minutes. */
export const DEFAULT_SYMPTOM_WAIT_SECONDS = 120;
/** The default wait before a new incident's first page: 30 seconds, as Alertmanager's `group_wait`. */
export const DEFAULT_GROUP_WAIT_SECONDS = 30;

/** Grouping as it is without configuration: on, with every default policy. */
export const DEFAULT_GROUPING: GroupingConfig = {
  enabled: true,
  policies: DEFAULT_POLICIES,
  symptomWaitSeconds: DEFAULT_SYMPTOM_WAIT_SECONDS,
  groupWaitSeconds: DEFAULT_GROUP_WAIT_SECONDS,
};
