import { workloadOf } from '../sources/audit-facts.ts';
import type { Signal } from '../rules/signal.ts';
import type { Actor } from '../sources/types.ts';
import type { ChangeRecord } from '../changes/change.ts';

/** Controllers that create pods and ReplicaSets for the workloads people change. */
const WORKLOAD_CONTROLLER =
  /^system:serviceaccount:kube-system:(replicaset|deployment|statefulset|daemon-set|job|cronjob)-controller$|^system:kube-controller-manager$/;

/** Resources a person changes that make a controller create pods. */
const WORKLOAD_RESOURCES = ['deployments', 'statefulsets', 'daemonsets', 'cronjobs', 'jobs', 'replicasets'];

/** What a controller created, and the workloads a person may have changed to make it do so. */
export interface ControllerCreation {
  readonly controller: string;
  readonly namespace: string;
  /** Workload names the object may belong to, most specific first (its ReplicaSet, then the Deployment). */
  readonly owners: readonly string[];
  readonly at: string;
}

/** The creation behind a signal, when a workload controller created a pod or a ReplicaSet. */
export function controllerCreation(signal: Signal): ControllerCreation | undefined {
  const { actor, resource } = signal;
  if (!WORKLOAD_CONTROLLER.test(actor.username) || actor.arn) return undefined;
  const kind = resource.resource ?? resource.kind;
  if (!resource.namespace || !['pods', 'Pod', 'replicasets', 'ReplicaSet'].includes(kind ?? '')) return undefined;
  const owners: string[] = [];
  const owner = typeof signal.evidence.owner === 'string' ? signal.evidence.owner : undefined;
  const [ownerKind, ownerName] = owner?.split('/') ?? [];
  if (ownerName) {
    owners.push(ownerName);
    if (ownerKind === 'ReplicaSet') owners.push(ownerName.replace(/-[a-z0-9]{6,10}$/, ''));
  }
  if (resource.name) {
    const name = kind === 'ReplicaSet' || kind === 'replicasets' ? resource.name : workloadOf('Pod', resource.name);
    owners.push(name, name.replace(/-[a-z0-9]{6,10}$/, ''));
  }
  if (owners.length === 0) return undefined;
  return {
    controller: actor.username,
    namespace: resource.namespace,
    owners: [...new Set(owners)],
    at: signal.occurredAt,
  };
}

/** The last change a person made to one of the owning workloads before the creation, if any. */
export function changeBehind(creation: ControllerCreation, changes: readonly ChangeRecord[]): ChangeRecord | undefined {
  const targets = new Set(
    WORKLOAD_RESOURCES.flatMap((r) => creation.owners.map((name) => `${r} ${creation.namespace}/${name}`)),
  );
  return changes
    .filter(
      (c) => c.at <= creation.at && !WORKLOAD_CONTROLLER.test(c.actor) && targets.has(c.what.replace(/^\S+ /, '')),
    )
    .sort((a, b) => b.at.localeCompare(a.at))[0];
}

const KIND_OF: Readonly<Record<string, string>> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  cronjobs: 'CronJob',
  jobs: 'Job',
  replicasets: 'ReplicaSet',
};

/** The person behind a controller's creation, as the signal's actor (the controller named in `via`). */
export function attributedActor(creation: ControllerCreation, change: ChangeRecord): Actor {
  const controller = creation.controller.replace(/^system:serviceaccount:kube-system:/, '');
  const [verb = 'changed', resource = '', target = ''] = change.what.split(' ');
  return {
    username: change.actor,
    ...(change.actor.startsWith('arn:aws') ? { arn: change.actor } : {}),
    via: `created by ${controller} for ${KIND_OF[resource] ?? resource} ${target}, changed (${verb}) by ${change.actor} at ${change.at}`,
  };
}
