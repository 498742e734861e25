import { ACTION_KINDS } from './catalogue.ts';
import type { ActionKindName } from './catalogue.ts';

/** The kinds parameters may name by their audit resource (`{resource.resource}`). */
const KIND_OF_RESOURCE: Readonly<Record<string, string>> = {
  clusterrolebindings: 'ClusterRoleBinding',
  rolebindings: 'RoleBinding',
};

/** What an optional parameter means when it is not given (see the catalogue). */
const DEFAULTS: Readonly<Record<string, string>> = {
  objectKind: 'Pod',
  workloadKind: 'Deployment',
  bindingKind: 'ClusterRoleBinding',
  types: 'api, audit, authenticator, controllerManager, scheduler',
};

/** Parameter values that read better as words (`name=value`). */
const SPOKEN: Readonly<Record<string, string>> = {
  'replicas=previous': "its previous revision's number of",
};

/** An action in words: the catalogue's sentence with its parameters (`{x?}` says ` in x` when there is one). Pure. */
export function describeAction(
  kind: ActionKindName,
  params: Readonly<Record<string, string>>,
  cluster: string,
): string {
  return ACTION_KINDS[kind].describe.replace(/\{(\w+)(\?)?\}/g, (_whole, name: string, optional?: string) => {
    const raw = name === 'cluster' ? cluster : params[name];
    const value = SPOKEN[`${name}=${raw}`] ?? KIND_OF_RESOURCE[raw ?? ''] ?? (raw || DEFAULTS[name]);
    if (optional) return value ? ` in ${value}` : '';
    return value || `(${name})`;
  });
}
