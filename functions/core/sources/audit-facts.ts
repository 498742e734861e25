import { looksLikeCredential } from '../redaction/redact-text.ts';
import { num, text } from './read.ts';
import type { Obj } from './read.ts';
import type { Fact } from './types.ts';

type Facts = Record<string, Fact>;

/** Host paths whose mount gives a container control of the node (Falco's and GuardDuty's lists). */
const SENSITIVE_HOST_PATHS = [
  '/',
  '/proc',
  '/etc',
  '/root',
  '/home/admin',
  '/var/run/docker.sock',
  '/var/run/crio/crio.sock',
  '/run/containerd/containerd.sock',
  '/var/run/containerd/containerd.sock',
  '/var/lib/kubelet',
  '/var/lib/kubelet/pki',
  '/etc/kubernetes',
  '/etc/kubernetes/manifests',
  '/var/log',
  '/dev',
  '/sys',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/run',
];

/** Image prefixes of EKS and Kubernetes system components (trusted in kube-system). */
const SYSTEM_IMAGE =
  /^(\d+\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/(eks|amazon-k8s-cni|amazon|kube-proxy|coredns|aws-ebs-csi-driver|aws-efs-csi-driver|eks-pod-identity-agent)|public\.ecr\.aws\/(eks|eks-distro|ebs-csi-driver|efs-csi-driver|karpenter|aws-observability)|registry\.k8s\.io\/|k8s\.gcr\.io\/|gcr\.io\/k8s-staging)/;

const asObj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null ? (v as Obj) : undefined);
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

type FactsReader = (object: Obj, facts: Facts) => void;

/** Facts readers by audited resource (a Map: a resource named `__proto__` must find nothing). */
const FACTS_OF: ReadonlyMap<string, FactsReader> = new Map(
  Object.entries<FactsReader>({
    pods: (object, facts) => podFacts(asObj(object.spec), facts),
    ...Object.fromEntries(
      ['deployments', 'daemonsets', 'statefulsets', 'replicasets', 'jobs'].map((resource) => [
        resource,
        (object: Obj, facts: Facts) => podFacts(asObj(asObj(asObj(object.spec)?.template)?.spec), facts),
      ]),
    ),
    cronjobs: (object, facts) =>
      podFacts(asObj(asObj(asObj(asObj(asObj(object.spec)?.jobTemplate)?.spec)?.template)?.spec), facts),
    roles: roleFacts,
    clusterroles: roleFacts,
    rolebindings: bindingFacts,
    clusterrolebindings: bindingFacts,
    configmaps: configMapFacts,
    secrets: secretFacts,
    services: serviceFacts,
    ingresses: ingressFacts,
    certificatesigningrequests: (object, facts) => {
      const spec = asObj(object.spec);
      facts['csr.signerName'] = text(spec?.signerName ?? '');
      facts['csr.usages'] = asArr(spec?.usages).map((u) => text(u));
    },
    customresourcedefinitions: (object, facts) => {
      facts['crd.group'] = text(asObj(object.spec)?.group ?? '');
    },
    events: eventFacts,
  }),
);

/**
 * Facts about the request object that rules need, by resource. Only names and shapes are
 * read: no value of a Secret or ConfigMap is ever copied.
 */
export function requestObjectFacts(resource: string, object: Obj | undefined, facts: Facts): void {
  if (!object) return;
  FACTS_OF.get(resource)?.(object, facts);
  // Who owns an object a controller creates (a pod's ReplicaSet): what attribution follows back to a person.
  const owners = asArr(asObj(object.metadata)?.ownerReferences).map(asObj);
  const owner = owners.find((o) => o?.controller === true) ?? owners[0];
  if (owner?.kind && owner.name) facts.owner = `${text(owner.kind)}/${text(owner.name)}`;
}

function podFacts(spec: Obj | undefined, facts: Facts): void {
  if (!spec) return;
  const containers = [...asArr(spec.containers), ...asArr(spec.initContainers), ...asArr(spec.ephemeralContainers)]
    .map(asObj)
    .filter((c): c is Obj => !!c);
  const images = containers.map((c) => text(c.image ?? ''));
  const capabilities: string[] = [];
  let privileged = false;
  let escalation = false;
  let runAsRoot = asObj(spec.securityContext)?.runAsUser === 0;
  for (const c of containers) {
    const sc = asObj(c.securityContext);
    if (sc?.privileged === true) privileged = true;
    if (sc?.allowPrivilegeEscalation === true) escalation = true;
    if (sc?.runAsUser === 0) runAsRoot = true;
    for (const cap of asArr(asObj(sc?.capabilities)?.add)) capabilities.push(text(cap).toUpperCase());
  }
  const hostPaths = asArr(spec.volumes)
    .map((v) => text(asObj(asObj(v)?.hostPath)?.path ?? ''))
    .filter(Boolean);
  facts['pod.images'] = images;
  facts['pod.untrustedImages'] = images.filter((i) => !SYSTEM_IMAGE.test(i));
  facts['pod.privileged'] = privileged;
  facts['pod.allowPrivilegeEscalation'] = escalation;
  facts['pod.runAsRoot'] = runAsRoot;
  facts['pod.capabilities'] = capabilities;
  facts['pod.hostNetwork'] = spec.hostNetwork === true;
  facts['pod.hostPID'] = spec.hostPID === true;
  facts['pod.hostIPC'] = spec.hostIPC === true;
  facts['pod.hostPaths'] = hostPaths;
  facts['pod.sensitiveHostPaths'] = hostPaths.filter((p) =>
    SENSITIVE_HOST_PATHS.includes(p.replace(/\/+$/, '') || '/'),
  );
  facts['pod.serviceAccount'] = text(spec.serviceAccountName ?? spec.serviceAccount ?? 'default');
}

function roleFacts(object: Obj, facts: Facts): void {
  const verbs = new Set<string>();
  const resources = new Set<string>();
  const apiGroups = new Set<string>();
  for (const rule of asArr(object.rules).map(asObj)) {
    for (const v of asArr(rule?.verbs)) verbs.add(text(v));
    for (const r of asArr(rule?.resources)) resources.add(text(r));
    for (const g of asArr(rule?.apiGroups)) apiGroups.add(text(g));
  }
  facts['role.verbs'] = [...verbs];
  facts['role.resources'] = [...resources];
  facts['role.apiGroups'] = [...apiGroups];
  facts['role.aggregated'] = asObj(object.aggregationRule) !== undefined;
}

function bindingFacts(object: Obj, facts: Facts): void {
  const roleRef = asObj(object.roleRef);
  facts['binding.roleRef'] = text(roleRef?.name ?? '');
  facts['binding.roleKind'] = text(roleRef?.kind ?? '');
  const subjects = asArr(object.subjects)
    .map(asObj)
    .filter((s): s is Obj => !!s);
  facts['binding.subjects'] = subjects.map((s) => [s.kind, s.namespace, s.name].map(text).filter(Boolean).join(':'));
  facts['binding.subjectNames'] = subjects.map((s) => text(s.name ?? ''));
  facts['binding.defaultServiceAccount'] = subjects.some((s) => s.kind === 'ServiceAccount' && s.name === 'default');
}

function configMapFacts(object: Obj, facts: Facts): void {
  const data = { ...asObj(object.data), ...asObj(object.binaryData) };
  const keys = Object.keys(data);
  facts['configmap.keys'] = keys;
  // The value is scanned where it lies and never copied: only the key name leaves this function.
  facts['configmap.credentialKeys'] = keys.filter((k) => looksLikeCredential(k, data[k]));
}

function secretFacts(object: Obj, facts: Facts): void {
  facts['secret.type'] = text(object.type ?? 'Opaque');
  facts['secret.keys'] = [...Object.keys(asObj(object.data) ?? {}), ...Object.keys(asObj(object.stringData) ?? {})];
}

function serviceFacts(object: Obj, facts: Facts): void {
  const spec = asObj(object.spec);
  facts['service.type'] = text(spec?.type ?? 'ClusterIP');
  const labels = asObj(asObj(object.metadata)?.labels) ?? {};
  facts['service.selector'] = Object.entries(asObj(spec?.selector) ?? {}).map(([k, v]) => `${k}=${v}`);
  facts['service.labels'] = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}

function ingressFacts(object: Obj, facts: Facts): void {
  facts['ingress.tls'] = asArr(asObj(object.spec)?.tls).length > 0;
}

/** A core/v1 Event (created through the API server, or read directly): reason and message. */
export function eventFacts(object: Obj, facts: Facts): void {
  facts['event.reason'] = text(object.reason ?? '');
  facts['event.type'] = text(object.type ?? '');
  facts['event.message'] = text(object.message ?? object.note ?? '');
  const involved = asObj(object.involvedObject) ?? asObj(object.regarding);
  facts['event.involvedKind'] = text(involved?.kind ?? '');
  facts['event.involvedName'] = text(involved?.name ?? '');
  facts['event.involvedNamespace'] = text(involved?.namespace ?? '');
  facts['event.workload'] = workloadOf(text(involved?.kind ?? ''), text(involved?.name ?? ''));
  facts['event.count'] = num(object.count) ?? num(asObj(object.series)?.count) ?? 1;
}

/** A ReplicaSet hash or Job schedule (6–10 characters, a digit among them) and a random pod suffix. */
const HASH_AND_SUFFIX = /-(?=[a-z0-9]{0,9}\d)[a-z0-9]{6,10}-[a-z0-9]{5}$/;
/** A DaemonSet or Job pod's random suffix: Kubernetes' alphabet has no vowels, so a word such as `-proxy` is not one. */
const SUFFIX = /-(?:(?=[a-z0-9]{0,4}\d)[a-z0-9]{5}|[bcdfghjklmnpqrstvwxz2456789]{5})$/;

/** A pod's workload name: the pod name without its ReplicaSet hash and random suffix. */
export function workloadOf(kind: string, name: string): string {
  if (kind !== 'Pod') return name;
  const withoutHash = name.replace(HASH_AND_SUFFIX, '');
  return withoutHash !== name ? withoutHash : name.replace(SUFFIX, '');
}
