import { redactObject } from '../redaction/redact-object.ts';
import { describeEvents, describeObject } from './evidence-summary.ts';
import { namespaceName, objectName } from './kube-names.ts';
import type { ActionPlan, KubeAnswer, KubeReader, KubeRequest } from './requests.ts';
import { ActionPlanError } from './requests.ts';

const STRATEGIC = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
const JSON_TYPE = 'application/json';

/** The label an isolated pod gets; the NetworkPolicy selects it. */
export const ISOLATION_LABEL = 'watchkeeper.io/isolated';

/** What planning knows of the run: its execution id (names what it creates) and its time. */
export interface PlanRun {
  readonly executionId: string;
  /** ISO time of the approval: a restart's annotation, the same on every retry. */
  readonly at: string;
}

const enc = encodeURIComponent;
const get = (path: string): KubeRequest => ({ api: 'kubernetes', method: 'GET', path });

interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly annotations?: Record<string, string>;
  readonly ownerReferences?: Array<{ kind?: string; name?: string; controller?: boolean }>;
  readonly deletionTimestamp?: string;
}
interface KubeObject {
  readonly metadata?: ObjectMeta;
  readonly [key: string]: unknown;
}

/** Reads for a plan, remembered so that a dry run shows them too. */
class PlanReader {
  public readonly reads: KubeRequest[] = [];
  public constructor(private readonly reader: KubeReader) {}

  /** The object, or undefined when it does not exist (404). */
  public async object(path: string): Promise<KubeObject | undefined> {
    this.reads.push(get(path));
    const answer: KubeAnswer = await this.reader.get(path);
    if (answer.status === 404) return undefined;
    if (answer.status >= 300) throw new ActionPlanError(`GET ${path} answered ${answer.status}`);
    return answer.body as KubeObject;
  }
}

const APPS = { Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets' } as const;
type AppsKind = keyof typeof APPS;

/** A workload by kind and name; a pod is resolved to its controller (ReplicaSet → Deployment). */
async function workloadOf(
  read: PlanReader,
  namespace: string,
  name: string,
  kind: string | undefined,
  notes: string[],
): Promise<{ kind: AppsKind; name: string }> {
  const wanted = kind ?? 'Deployment';
  if (wanted in APPS) return { kind: wanted as AppsKind, name };
  if (wanted !== 'Pod')
    throw new ActionPlanError(`workloadKind ${wanted} is not Deployment, StatefulSet, DaemonSet or Pod`);
  const pod = await read.object(`/api/v1/namespaces/${enc(namespace)}/pods/${enc(name)}`);
  if (!pod) throw new ActionPlanError(`pod ${namespace}/${name} no longer exists: name its workload instead`);
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  if (owner?.kind === 'ReplicaSet' && owner.name) {
    const rs = await read.object(`/apis/apps/v1/namespaces/${enc(namespace)}/replicasets/${enc(owner.name)}`);
    const deployment = rs?.metadata?.ownerReferences?.find((o) => o.controller && o.kind === 'Deployment');
    if (!deployment?.name) throw new ActionPlanError(`ReplicaSet ${owner.name} belongs to no Deployment`);
    notes.push(`pod ${name} belongs to Deployment ${deployment.name}`);
    return { kind: 'Deployment', name: deployment.name };
  }
  if ((owner?.kind === 'StatefulSet' || owner?.kind === 'DaemonSet') && owner.name) {
    notes.push(`pod ${name} belongs to ${owner.kind} ${owner.name}`);
    return { kind: owner.kind, name: owner.name };
  }
  throw new ActionPlanError(`pod ${namespace}/${name} has no Deployment, StatefulSet or DaemonSet behind it`);
}

const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';

/**
 * The replica count of a Deployment's previous revision: its ReplicaSets keep the revision and the
 * replicas the Deployment wanted while each was current (annotations the deployment controller sets).
 */
async function previousReplicas(
  read: PlanReader,
  namespace: string,
  target: { kind: AppsKind; name: string },
  path: string,
  notes: string[],
): Promise<number> {
  if (target.kind !== 'Deployment')
    throw new ActionPlanError('the previous replica count is known for Deployments only (from their ReplicaSets)');
  const deployment = await read.object(path);
  if (!deployment) throw new ActionPlanError(`Deployment ${namespace}/${target.name} does not exist`);
  const current = Number(deployment.metadata?.annotations?.[REVISION]);
  const list = await read.object(`/apis/apps/v1/namespaces/${enc(namespace)}/replicasets?limit=500`);
  const earlier = ((list?.items ?? []) as KubeObject[])
    .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.controller && o.name === target.name))
    .map((rs) => ({
      revision: Number(rs.metadata?.annotations?.[REVISION]),
      replicas: rs.metadata?.annotations?.[DESIRED],
    }))
    .filter((rs) => rs.revision < current && rs.replicas !== undefined)
    .sort((a, b) => b.revision - a.revision)[0];
  const replicas = Number(earlier?.replicas);
  if (!earlier || !Number.isInteger(replicas))
    throw new ActionPlanError(`no earlier revision of Deployment ${target.name} says how many replicas it ran`);
  const now = (deployment.spec as { replicas?: number } | undefined)?.replicas;
  notes.push(`revision ${earlier.revision} of Deployment ${target.name} ran ${replicas} replicas (now ${now ?? '?'})`);
  return replicas;
}

const cordon = (node: string): KubeRequest => ({
  api: 'kubernetes',
  method: 'PATCH',
  path: `/api/v1/nodes/${enc(node)}`,
  contentType: STRATEGIC,
  body: { spec: { unschedulable: true } },
});

/** Pods a drain evicts: not mirror pods, not DaemonSet pods, not already leaving, not finished. */
function evictable(pod: KubeObject): boolean {
  const meta = pod.metadata ?? {};
  if (meta.deletionTimestamp) return false;
  if (meta.annotations?.['kubernetes.io/config.mirror']) return false;
  if (meta.ownerReferences?.some((o) => o.controller && o.kind === 'DaemonSet')) return false;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * The Kubernetes requests of an action, after the reads that decide them (a drain lists the node's
 * pods, a restart of a pod finds its Deployment, a binding's removal keeps its manifest and deletes
 * exactly that object). Shapes follow the Kubernetes API reference.
 */
export async function planKubernetes(
  kind: string,
  params: Readonly<Record<string, string>>,
  reader: KubeReader,
  run: PlanRun,
): Promise<ActionPlan> {
  const read = new PlanReader(reader);
  const notes: string[] = [];
  const done = (writes: KubeRequest[], kept?: Record<string, unknown>): ActionPlan => ({
    reads: read.reads,
    writes,
    kept,
    notes,
  });
  switch (kind) {
    case 'cordon-node':
      return done([cordon(objectName(params.node ?? '', 'node'))]);
    case 'drain-node': {
      const node = objectName(params.node ?? '', 'node');
      const list = await read.object(`/api/v1/pods?fieldSelector=${enc(`spec.nodeName=${node}`)}`);
      const pods = ((list?.items as KubeObject[] | undefined) ?? []).filter(evictable);
      const left = ((list?.items as KubeObject[] | undefined) ?? []).length - pods.length;
      if (left > 0) notes.push(`${left} pods stay (DaemonSet, mirror, finished or already leaving)`);
      return done([
        cordon(node),
        ...pods.map(
          (pod): KubeRequest => ({
            api: 'kubernetes',
            method: 'POST',
            path: `/api/v1/namespaces/${enc(pod.metadata?.namespace ?? '')}/pods/${enc(pod.metadata?.name ?? '')}/eviction`,
            contentType: JSON_TYPE,
            body: {
              apiVersion: 'policy/v1',
              kind: 'Eviction',
              metadata: { name: pod.metadata?.name, namespace: pod.metadata?.namespace },
            },
            alreadyDone: [404],
          }),
        ),
      ]);
    }
    case 'restart-workload':
    case 'scale-workload': {
      const namespace = namespaceName(params.namespace);
      const target = await workloadOf(
        read,
        namespace,
        objectName(params.workload ?? '', 'workload'),
        params.workloadKind,
        notes,
      );
      const path = `/apis/apps/v1/namespaces/${enc(namespace)}/${APPS[target.kind]}/${enc(target.name)}`;
      if (kind === 'restart-workload')
        return done([
          {
            api: 'kubernetes',
            method: 'PATCH',
            path,
            contentType: STRATEGIC,
            // What `kubectl rollout restart` sends; the approval's time makes a retry the same patch.
            body: {
              spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': run.at } } } },
            },
          },
        ]);
      if (target.kind === 'DaemonSet') throw new ActionPlanError('a DaemonSet cannot be scaled');
      const replicas =
        params.replicas === 'previous'
          ? await previousReplicas(read, namespace, target, path, notes)
          : Number(params.replicas);
      if (!Number.isInteger(replicas) || replicas < 0 || replicas > 1000)
        throw new ActionPlanError(`replicas "${params.replicas}" is not a count between 0 and 1000`);
      return done([
        { api: 'kubernetes', method: 'PATCH', path: `${path}/scale`, contentType: MERGE, body: { spec: { replicas } } },
      ]);
    }
    case 'delete-pod': {
      const namespace = namespaceName(params.namespace);
      const pod = objectName(params.pod ?? '', 'pod');
      return done([
        {
          api: 'kubernetes',
          method: 'DELETE',
          path: `/api/v1/namespaces/${enc(namespace)}/pods/${enc(pod)}`,
          alreadyDone: [404],
        },
      ]);
    }
    case 'isolate-pod': {
      const namespace = namespaceName(params.namespace);
      const pod = objectName(params.pod ?? '', 'pod');
      const token =
        run.executionId
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')
          .slice(0, 20) || 'x';
      return done([
        {
          api: 'kubernetes',
          method: 'PATCH',
          path: `/api/v1/namespaces/${enc(namespace)}/pods/${enc(pod)}`,
          contentType: STRATEGIC,
          body: { metadata: { labels: { [ISOLATION_LABEL]: token } } },
        },
        {
          api: 'kubernetes',
          method: 'POST',
          path: `/apis/networking.k8s.io/v1/namespaces/${enc(namespace)}/networkpolicies`,
          contentType: JSON_TYPE,
          body: {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: {
              name: `watchkeeper-isolate-${token}`,
              namespace,
              labels: { 'app.kubernetes.io/managed-by': 'watchkeeper' },
            },
            // No rules: nothing in, nothing out, for the pods carrying the label.
            spec: { podSelector: { matchLabels: { [ISOLATION_LABEL]: token } }, policyTypes: ['Ingress', 'Egress'] },
          },
          alreadyDone: [409],
        },
      ]);
    }
    case 'remove-binding': {
      // The kind, or the resource an audit event names (`clusterrolebindings`).
      const bindingKind =
        { clusterrolebindings: 'ClusterRoleBinding', rolebindings: 'RoleBinding' }[params.bindingKind ?? ''] ??
        (params.bindingKind || 'ClusterRoleBinding');
      const name = objectName(params.binding ?? '', 'binding');
      const base = '/apis/rbac.authorization.k8s.io/v1';
      const path =
        bindingKind === 'ClusterRoleBinding'
          ? `${base}/clusterrolebindings/${enc(name)}`
          : bindingKind === 'RoleBinding'
            ? `${base}/namespaces/${enc(namespaceName(params.namespace))}/rolebindings/${enc(name)}`
            : undefined;
      if (!path) throw new ActionPlanError(`bindingKind ${bindingKind} is not ClusterRoleBinding or RoleBinding`);
      const binding = await read.object(path);
      if (!binding?.metadata?.uid) throw new ActionPlanError(`${bindingKind} ${name} does not exist (any more)`);
      const { managedFields: _m, ...metadata } = binding.metadata as ObjectMeta & { managedFields?: unknown };
      return done(
        [
          {
            api: 'kubernetes',
            method: 'DELETE',
            path,
            contentType: JSON_TYPE,
            // Exactly the object that was read: one recreated since under the same name stays.
            body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: binding.metadata.uid } },
            alreadyDone: [404],
          },
        ],
        { manifest: redactObject({ ...binding, metadata }) },
      );
    }
    default:
      throw new ActionPlanError(`${kind} is no Kubernetes action`);
  }
}

/** The reads of `collect-evidence`: the object and its recent events. */
export async function planEvidence(params: Readonly<Record<string, string>>, reader: KubeReader): Promise<ActionPlan> {
  const read = new PlanReader(reader);
  const kind = params.objectKind ?? 'Pod';
  const name = objectName(params.name ?? '', 'name');
  const paths: Record<string, (ns: string) => string> = {
    Pod: (ns) => `/api/v1/namespaces/${enc(ns)}/pods/${enc(name)}`,
    Node: () => `/api/v1/nodes/${enc(name)}`,
    Deployment: (ns) => `/apis/apps/v1/namespaces/${enc(ns)}/deployments/${enc(name)}`,
    StatefulSet: (ns) => `/apis/apps/v1/namespaces/${enc(ns)}/statefulsets/${enc(name)}`,
    DaemonSet: (ns) => `/apis/apps/v1/namespaces/${enc(ns)}/daemonsets/${enc(name)}`,
  };
  const pathOf = paths[kind];
  if (!pathOf) throw new ActionPlanError(`objectKind ${kind} is not one of ${Object.keys(paths).join(', ')}`);
  const namespace = kind === 'Node' ? '' : namespaceName(params.namespace);
  const object = await read.object(pathOf(namespace));
  const selector = enc(`involvedObject.kind=${kind},involvedObject.name=${name}`);
  const events = await read.object(
    kind === 'Node'
      ? `/api/v1/events?fieldSelector=${selector}&limit=50`
      : `/api/v1/namespaces/${enc(namespace)}/events?fieldSelector=${selector}&limit=50`,
  );
  return {
    reads: read.reads,
    writes: [],
    kept: { object: object ? describeObject(object) : null, events: describeEvents(events?.items) },
    notes: object ? [] : [`${kind} ${name} does not exist (any more)`],
  };
}
