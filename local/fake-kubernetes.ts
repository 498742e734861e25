/** An object as the fake API server keeps it. */
type Obj = {
  metadata: Record<string, unknown> & { name: string; namespace?: string; uid: string };
  [key: string]: unknown;
};

/** One request the fake cluster got, with its headers. */
export interface KubeServed {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

const status = (code: number, reason: string, message: string) => ({
  status: code,
  body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code },
});

let uids = 0;
const uid = () => `00000000-0000-4000-8000-${String(++uids).padStart(12, '0')}`;

/** Strategic-merge and merge patches of plain objects (what the actions send): maps merge, the rest replaces. */
function merge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof current === 'object' &&
      current !== null
        ? merge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

/**
 * A Kubernetes API server in memory with the few endpoints actions use, answering with the shapes of
 * the API reference: nodes, pods (list by node, patch, delete, the eviction subresource), ReplicaSets,
 * Deployments and their scale subresource, NetworkPolicies, (Cluster)RoleBindings with delete
 * preconditions, events. Pods named in `pdbBlocked` refuse eviction as a PodDisruptionBudget does (429).
 */
export class FakeKubernetes {
  public readonly requests: KubeServed[] = [];
  public readonly objects = new Map<string, Obj>();
  public readonly pdbBlocked = new Set<string>();

  /** Add an object at its API path (`/api/v1/namespaces/a/pods/p`); returns it with a uid. */
  public put(
    path: string,
    object: Omit<Obj, 'metadata'> & { metadata: Record<string, unknown> & { name: string } },
  ): Obj {
    const stored = { ...object, metadata: { uid: uid(), ...object.metadata } } as Obj;
    this.objects.set(path, stored);
    return stored;
  }

  /**
   * A Deployment as its controller leaves it: a ReplicaSet per revision (`pod-template-hash` and the
   * replicas wanted then, oldest first, the last current) and the current one's pods, on `node`.
   */
  public putDeployment(
    namespace: string,
    name: string,
    spec: { revisions: ReadonlyArray<{ hash: string; replicas: number }>; pods: readonly string[]; node?: string },
  ): void {
    const apps = `/apis/apps/v1/namespaces/${namespace}`;
    const revision = String(spec.revisions.length);
    const current = spec.revisions.at(-1);
    const owner = (kind: string, owned: string) => [{ apiVersion: 'apps/v1', kind, name: owned, controller: true }];
    this.put(`${apps}/deployments/${name}`, {
      metadata: { name, namespace, annotations: { 'deployment.kubernetes.io/revision': revision } },
      spec: { replicas: current?.replicas ?? 0 },
    });
    for (const [i, { hash, replicas }] of spec.revisions.entries())
      this.put(`${apps}/replicasets/${name}-${hash}`, {
        metadata: {
          name: `${name}-${hash}`,
          namespace,
          labels: { app: name, 'pod-template-hash': hash },
          ownerReferences: owner('Deployment', name),
          annotations: {
            'deployment.kubernetes.io/revision': String(i + 1),
            'deployment.kubernetes.io/desired-replicas': String(replicas),
          },
        },
        spec: { replicas: i === spec.revisions.length - 1 ? replicas : 0 },
      });
    for (const suffix of spec.pods)
      this.put(`/api/v1/namespaces/${namespace}/pods/${name}-${current?.hash}-${suffix}`, {
        metadata: {
          name: `${name}-${current?.hash}-${suffix}`,
          namespace,
          labels: { app: name, 'pod-template-hash': current?.hash },
          ownerReferences: owner('ReplicaSet', `${name}-${current?.hash}`),
        },
        spec: { nodeName: spec.node },
        status: { phase: 'Running' },
      });
  }

  public handle(request: KubeServed): { status: number; body?: unknown } {
    this.requests.push(request);
    const url = new URL(request.path, 'http://kubernetes');
    const path = url.pathname;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const type = request.headers['content-type'];
    if (request.method === 'GET' && path === '/api/v1/pods') {
      const node = /^spec\.nodeName=(.+)$/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
      const items = [...this.objects.entries()]
        .filter(
          ([p, o]) =>
            /^\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+$/.test(p) &&
            (o.spec as { nodeName?: string })?.nodeName === node,
        )
        .map(([, o]) => o);
      return { status: 200, body: { kind: 'PodList', apiVersion: 'v1', items } };
    }
    if (request.method === 'GET' && /\/events$/.test(path)) {
      const selector = url.searchParams.get('fieldSelector') ?? '';
      const name = /involvedObject\.name=([^,]+)/.exec(selector)?.[1];
      const items = [...this.objects.entries()]
        .filter(([p, o]) => p.includes('/events/') && (o.involvedObject as { name?: string })?.name === name)
        .map(([, o]) => o);
      return { status: 200, body: { kind: 'EventList', apiVersion: 'v1', items } };
    }
    const eviction = /^(\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+)\/eviction$/.exec(path);
    if (eviction && request.method === 'POST') {
      const podPath = eviction[1] ?? '';
      const pod = this.objects.get(podPath);
      if (body.kind !== 'Eviction' || body.apiVersion !== 'policy/v1')
        return status(400, 'BadRequest', 'not a policy/v1 Eviction');
      if (!pod) return status(404, 'NotFound', `pods "${podPath.split('/').pop()}" not found`);
      if (this.pdbBlocked.has(pod.metadata.name))
        return status(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.");
      this.objects.delete(podPath);
      return { status: 201, body: { kind: 'Status', apiVersion: 'v1', status: 'Success', code: 201 } };
    }
    const scale = /^(.+\/(deployments|statefulsets)\/[^/]+)\/scale$/.exec(path);
    if (scale && request.method === 'PATCH') {
      const target = this.objects.get(scale[1] ?? '');
      if (!target) return status(404, 'NotFound', 'not found');
      if (type !== 'application/merge-patch+json')
        return status(415, 'UnsupportedMediaType', `${type} is not supported`);
      const replicas = (body.spec as { replicas?: number } | undefined)?.replicas;
      target.spec = { ...(target.spec as object), replicas };
      return { status: 200, body: { kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas } } };
    }
    const collection = /^(.+\/networkpolicies)$/.exec(path);
    if (collection && request.method === 'POST') {
      const name = (body.metadata as { name?: string } | undefined)?.name ?? '';
      const at = `${path}/${name}`;
      if (this.objects.has(at))
        return status(409, 'AlreadyExists', `networkpolicies.networking.k8s.io "${name}" already exists`);
      return { status: 201, body: this.put(at, body as Obj) };
    }
    const object = this.objects.get(path);
    if (request.method === 'GET' && !object && /\/replicasets$/.test(path)) {
      const items = [...this.objects.entries()].filter(([p]) => p.startsWith(`${path}/`)).map(([, o]) => o);
      return { status: 200, body: { kind: 'ReplicaSetList', apiVersion: 'apps/v1', items } };
    }
    if (request.method === 'GET')
      return object ? { status: 200, body: object } : status(404, 'NotFound', `${path} not found`);
    if (request.method === 'PATCH') {
      if (!object) return status(404, 'NotFound', `${path} not found`);
      if (type !== 'application/strategic-merge-patch+json' && type !== 'application/merge-patch+json')
        return status(415, 'UnsupportedMediaType', `${type} is not supported`);
      const patched = merge(object, body) as Obj;
      this.objects.set(path, patched);
      return { status: 200, body: patched };
    }
    if (request.method === 'DELETE') {
      if (!object) return status(404, 'NotFound', `${path} not found`);
      const wanted = (body.preconditions as { uid?: string } | undefined)?.uid;
      if (wanted && wanted !== object.metadata.uid)
        return status(
          409,
          'Conflict',
          `Precondition failed: UID in precondition: ${wanted}, UID in object meta: ${object.metadata.uid}`,
        );
      this.objects.delete(path);
      return { status: 200, body: object };
    }
    return status(405, 'MethodNotAllowed', `${request.method} ${path}`);
  }
}
