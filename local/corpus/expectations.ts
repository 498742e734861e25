/**
 * Which Falco k8s-audit regression traces Falco's default k8saudit rules flag at WARNING or NOTICE,
 * derived from the conditions in the corpus's `k8s_audit_rules.yaml` (rules that need a site
 * allowlist, such as "Disallowed K8s User", are left out). Every other trace is expected to raise
 * nothing of medium severity or above, except those listed in {@link NOT_BENIGN}.
 */
export const FALCO_FLAGGED: Readonly<Record<string, readonly string[]>> = {
  'anonymous_creates_namespace_foo.json': ['Anonymous Request Allowed', 'Create Disallowed Namespace'],
  'attach_cluster_admin_role.json': ['Attach to cluster-admin Role'],
  'attach_pod.json': ['Attach/Exec Pod'],
  'exec_pod.json': ['Attach/Exec Pod'],
  'create_cluster_role_pod_exec.json': ['ClusterRole With Pod Exec Created'],
  'create_cluster_role_wildcard_resources.json': ['ClusterRole With Wildcard Created'],
  'create_cluster_role_wildcard_verbs.json': ['ClusterRole With Wildcard Created'],
  'create_cluster_role_write_privileges.json': ['ClusterRole With Write Privileges Created'],
  'create_configmap_sensitive_values.json': ['Create/Modify Configmap With Private Credentials'],
  'create_nginx_pod_hostnetwork.json': ['Create HostNetwork Pod'],
  'create_nginx_pod_privileged.json': ['Create Privileged Pod'],
  'create_nginx_pod_privileged_2nd_container.json': ['Create Privileged Pod'],
  'create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json': ['Create Privileged Pod'],
  'create_nginx_pod_sensitive_mount.json': ['Create Sensitive Mount Pod'],
  'create_nginx_pod_sensitive_mount_2nd_container.json': ['Create Sensitive Mount Pod'],
  'create_nginx_service_nodeport.json': ['Create NodePort Service'],
  'create_pod_kube_public_namespace.json': ['Pod Created in Kube Namespace'],
  'create_pod_kube_system_namespace.json': ['Pod Created in Kube Namespace'],
  'create_serviceaccount_kube_public_namespace.json': ['Service Account Created in Kube Namespace'],
  'create_serviceaccount_kube_system_namespace.json': ['Service Account Created in Kube Namespace'],
  'delete_cluster_role_kube_aggregator.json': ['System ClusterRole Modified/Deleted'],
  'modify_cluster_role_node_problem_detector.json': ['System ClusterRole Modified/Deleted'],
  'minikube_creates_namespace_foo.json': ['Create Disallowed Namespace'],
  'some-user_creates_namespace_foo.json': ['Create Disallowed Namespace'],
};

/** Traces that are not flagged by Falco at WARNING/NOTICE but are not benign for Watchkeeper either. */
export const NOT_BENIGN: Readonly<Record<string, string>> = {
  'create_kube_system_secret.json': 'a person writing a Secret in kube-system (Sigma: secrets modified or deleted)',
};

/** The malformed trace (FAL-01-003). */
export const MALFORMED = 'fal_01_003.json';

/**
 * GuardDuty EKS audit-log finding types that need no threat-intelligence feed or ML baseline
 * (from the GuardDuty finding-type reference).
 */
export const GUARDDUTY_TYPES = [
  'Discovery:Kubernetes/SuccessfulAnonymousAccess',
  'UnauthorizedAccess:Kubernetes/SuccessfulAnonymousAccess',
  'Impact:Kubernetes/SuccessfulAnonymousAccess',
  'CredentialAccess:Kubernetes/SuccessfulAnonymousAccess',
  'Persistence:Kubernetes/SuccessfulAnonymousAccess',
  'PrivilegeEscalation:Kubernetes/SuccessfulAnonymousAccess',
  'Execution:Kubernetes/SuccessfulAnonymousAccess',
  'DefenseEvasion:Kubernetes/SuccessfulAnonymousAccess',
  'Policy:Kubernetes/AnonymousAccessGranted',
  'Policy:Kubernetes/AdminAccessToDefaultServiceAccount',
  'Policy:Kubernetes/ExposedDashboard',
  'Policy:Kubernetes/KubeflowDashboardExposed',
  'Execution:Kubernetes/ExecInKubeSystemPod',
  'PrivilegeEscalation:Kubernetes/PrivilegedContainer',
  'Persistence:Kubernetes/ContainerWithSensitiveMount',
];

/** Secret values that appear in the corpus traces and must never appear in output. */
export const CORPUS_SECRETS = ['MY-KEY', 'MY-ID'];
