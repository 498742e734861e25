import type { Alert } from '../alerts/types.ts';
import { workloadOf as podWorkload } from '../sources/audit-facts.ts';
import type { Actor } from '../sources/types.ts';

/** Alert fields correlation policies match on and group by. */
export const ALERT_FIELDS = [
  'cluster',
  'namespace',
  'component',
  'category',
  'severity',
  'rule',
  'team',
  'source',
  'principal',
  'workload',
] as const;

/** A field correlation can read: one of {@link ALERT_FIELDS}, `alertname`, or `label.<name>` (Alertmanager labels). */
export type AlertField = (typeof ALERT_FIELDS)[number];

/**
 * Who stands behind an actor, as one comparable string: the IAM ARN (an assumed-role ARN names the
 * role and the session), else the access key, else the Kubernetes username with the first source IP.
 */
export function principalOf(actor: Actor | undefined): string | undefined {
  if (!actor) return undefined;
  if (actor.arn) return actor.arn;
  if (actor.accessKeyId) return `access-key:${actor.accessKeyId}`;
  if (!actor.username || actor.username === 'unknown') return undefined;
  // GuardDuty and some mappings name the IAM principal as the username: the same principal as its ARN.
  if (actor.username.startsWith('arn:aws')) return actor.username;
  const ip = actor.sourceIPs?.[0];
  return ip ? `${actor.username}@${ip}` : actor.username;
}

/** Controllers act on behalf of someone else: they are nobody's principal. */
const CONTROLLER = /^system:(serviceaccount:kube-system:|kube-|node:|apiserver)|^eks:/;

/** The principal of an alert: its first actor that is a person or an outside caller. */
export function alertPrincipal(alert: Alert): string | undefined {
  for (const actor of alert.actors) {
    if (CONTROLLER.test(actor.username) && !actor.arn) continue;
    const principal = principalOf(actor);
    if (principal) return principal;
  }
  return undefined;
}

/**
 * The workload an alert is about: the Deployment, StatefulSet, DaemonSet or CronJob behind a pod
 * (its ReplicaSet hash and random suffix dropped), or the named workload itself.
 */
export function alertWorkload(alert: Alert): string | undefined {
  const fromEvent = alert.samples[0]?.evidence['event.workload'];
  if (typeof fromEvent === 'string' && fromEvent) return fromEvent;
  const { kind, name } = alert.resource;
  if (!name) return undefined;
  if (kind === 'Pod' || alert.resource.resource === 'pods') return podWorkload('Pod', name);
  if (kind === 'ReplicaSet') return name.replace(/-[a-z0-9]{6,10}$/, '');
  if (kind && ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(kind)) return name;
  return undefined;
}

/** The value of a field on an alert, as correlation sees it; `undefined` when the alert has none. */
export function alertField(alert: Alert, field: string): string | undefined {
  switch (field) {
    case 'principal':
      return alertPrincipal(alert);
    case 'workload':
      return alertWorkload(alert);
    case 'alertname':
      return labelOf(alert, 'alertname') ?? alert.rule;
    case 'cluster':
    case 'namespace':
    case 'component':
    case 'category':
    case 'severity':
    case 'rule':
    case 'team':
    case 'source':
      return alert[field] || undefined;
    default:
      return field.startsWith('label.') ? labelOf(alert, field.slice(6)) : labelOf(alert, field);
  }
}

/** An Alertmanager label of the alert (kept in its evidence), if it has one. */
function labelOf(alert: Alert, name: string): string | undefined {
  const value = alert.samples[0]?.evidence[`label.${name}`];
  return typeof value === 'string' ? value : undefined;
}
