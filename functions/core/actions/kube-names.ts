import { ActionPlanError } from './requests.ts';

/** A DNS subdomain (RFC 1123), what most Kubernetes object names are. */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A DNS label, what namespaces are. */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A parameter as a Kubernetes object name. Names come from audit events an attacker may have shaped:
 * anything that is not a name (a slash, `..`, a query) is refused before it reaches a path.
 */
export function objectName(value: string, what: string): string {
  if (value.length > 253 || !SUBDOMAIN.test(value))
    throw new ActionPlanError(`${what} "${value.slice(0, 80)}" is not a Kubernetes name`);
  return value;
}

/** A parameter as a namespace name (a DNS label). */
export function namespaceName(value: string | undefined): string {
  if (!value) throw new ActionPlanError('a namespace is needed');
  if (value.length > 63 || !LABEL.test(value))
    throw new ActionPlanError(`namespace "${value.slice(0, 80)}" is not a Kubernetes namespace name`);
  return value;
}
