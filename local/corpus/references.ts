/**
 * Public detection catalogues Watchkeeper's coverage is reported against (`npm run corpus`): names
 * only, each with where it comes from. Which Watchkeeper rule covers an item is said by the rules'
 * own `references`; why an item has no rule of its own is said here.
 */

/** Panther's EKS and Kubernetes audit rules (rule id, display name). */
export const PANTHER = {
  version: 'panther-labs/panther-analysis @ daa10c888566839e9918dfba1cd652743781e5fe (2026-07-01)',
  rules: [
    ['Amazon.EKS.AnonymousAPIAccess', 'EKS Anonymous API Access Detected'],
    ['Amazon.EKS.Audit.Multiple403', 'EKS Audit Log based single sourceIP is generating multiple 403s'],
    [
      'Amazon.EKS.Audit.SystemNamespaceFromPublicIP',
      'EKS Audit Log Reporting system Namespace is Used From A Public IP',
    ],
    ['Kubernetes.AdmissionController.Created', 'Kubernetes Admission Controller Webhook Created'],
    ['Kubernetes.API.AnonymousAccess', 'Kubernetes Anonymous API Access Detected'],
    ['Kubernetes.ClientCertificate.Created', 'Kubernetes Client Certificate Credential Created'],
    ['Kubernetes.ClusterRoleBinding.Privileged', 'Kubernetes ClusterRoleBinding to Privileged Role'],
    ['Kubernetes.CronJob.CreatedOrModified', 'Kubernetes CronJob Created or Modified'],
    ['Kubernetes.DaemonSet.Created', 'Kubernetes DaemonSet Created'],
    ['Kubernetes.Pod.Exec', 'Kubernetes Exec Into Pod'],
    ['Kubernetes.Ingress.NoTLS', 'Kubernetes Ingress Created Without TLS'],
    ['Kubernetes.API.IOC.Activity', 'Kubernetes API Activity from Tor Exit Node'],
    ['Kubernetes.Kubectl.CP.Operation', 'Kubernetes Data Copy via kubectl cp'],
    ['Kubernetes.API.Multiple403.PublicIP', 'Kubernetes API Multiple 403 Responses from Single Public IP'],
    ['Kubernetes.Pod.SystemNamespace', 'Kubernetes Pod Created in System Namespace'],
    ['Kubernetes.Pod.Dangerous.Capabilities', 'Kubernetes Pod with Dangerous Linux Capabilities'],
    ['Kubernetes.Pod.Host.IPC', 'Kubernetes Pod Using Host IPC Namespace'],
    ['Kubernetes.Pod.Host.Network', 'Kubernetes Pod Attached To Host Network'],
    ['Kubernetes.Pod.Host.PID', 'Kubernetes Pod Using Host PID Namespace'],
    ['Kubernetes.Pod.HostPath.Volume', 'Kubernetes Pod With HostPath Volume Mount'],
    ['Kubernetes.Pod.Privileged.Created', 'Kubernetes Privileged Pod Created'],
    ['Kubernetes.Role.NodeProxyPermissions', 'Kubernetes Role With Node Proxy Permissions Created'],
    ['Kubernetes.Role.PodExec', 'Kubernetes Role With Pod Exec Permissions Created'],
    ['Kubernetes.Role.Wildcard', 'Kubernetes Role With Wildcard Permissions Created'],
    ['Kubernetes.Role.WritePermissions', 'Kubernetes Role With Write Permissions Created'],
    ['Kubernetes.Secret.AccessDenied', 'Kubernetes Secret Access Denied'],
    ['Kubernetes.BulkSecretAccess', 'Kubernetes Secret Enumeration by a User'],
    ['Kubernetes.Secrets.DumpAllNamespaces', 'Kubernetes All Secrets Dumped Across Namespaces'],
    ['Kubernetes.Service.NodePort.Deployed', 'Kubernetes NodePort Service Deployed'],
    ['Kubernetes.ServiceAccount.TokenCreated', 'Kubernetes Long-Lived Service Account Token Created'],
    ['Kubernetes.Pod.StealServiceAccountToken', 'Kubernetes Service Account Token Theft from Pod'],
    ['Kubernetes.System.Principal.PublicIP', 'Kubernetes System Principal Accessed from Non-Cloud Public IP'],
    ['Kubernetes.SystemRole.Modified', 'Kubernetes System Role Modified or Deleted'],
  ] as const,
};

/** How GuardDuty finds what a finding type reports. */
export type GuardDutyKind = 'audit log' | 'audit log, threat intelligence' | 'anomaly' | 'runtime' | 'attack sequence';

/**
 * GuardDuty's EKS finding types (EKS Protection, Runtime Monitoring for EKS, Extended Threat
 * Detection), from the GuardDuty User Guide's finding-type pages as of 2026-12; `retired` as that
 * guide marks them. Every finding of any type reaches Watchkeeper through the guardduty source.
 */
export const GUARDDUTY_EKS: ReadonlyArray<{ type: string; kind: GuardDutyKind; retired?: true }> = [
  ...[
    'Execution:Kubernetes/ExecInKubeSystemPod',
    'Policy:Kubernetes/AdminAccessToDefaultServiceAccount',
    'Policy:Kubernetes/AnonymousAccessGranted',
    'Policy:Kubernetes/ExposedDashboard',
    'Policy:Kubernetes/KubeflowDashboardExposed',
    ...[
      'Discovery',
      'Execution',
      'Impact',
      'CredentialAccess',
      'Persistence',
      'PrivilegeEscalation',
      'DefenseEvasion',
    ].map((tactic) => `${tactic}:Kubernetes/SuccessfulAnonymousAccess`),
    'UnauthorizedAccess:Kubernetes/SuccessfulAnonymousAccess',
  ].map((type) => ({ type, kind: 'audit log' as const })),
  { type: 'PrivilegeEscalation:Kubernetes/PrivilegedContainer', kind: 'audit log', retired: true },
  { type: 'Persistence:Kubernetes/ContainerWithSensitiveMount', kind: 'audit log', retired: true },
  ...['CredentialAccess', 'DefenseEvasion', 'Discovery', 'Impact', 'Persistence'].flatMap((tactic) =>
    [
      `${tactic}:Kubernetes/MaliciousIPCaller`,
      `${tactic}:Kubernetes/MaliciousIPCaller.Custom`,
      `${tactic}:Kubernetes/TorIPCaller`,
    ].map((type) => ({ type, kind: 'audit log, threat intelligence' as const })),
  ),
  ...[
    'Execution:Kubernetes/AnomalousBehavior.ExecInPod',
    'CredentialAccess:Kubernetes/AnomalousBehavior.SecretsAccessed',
    'PrivilegeEscalation:Kubernetes/AnomalousBehavior.RoleBindingCreated',
    'PrivilegeEscalation:Kubernetes/AnomalousBehavior.RoleCreated',
    'Discovery:Kubernetes/AnomalousBehavior.PermissionChecked',
    'Execution:Kubernetes/AnomalousBehavior.WorkloadDeployed',
    'PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer',
    'PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!ContainerWithSensitiveMount',
  ].map((type) => ({ type, kind: 'anomaly' as const })),
  ...[
    'CryptoCurrency:Runtime/BitcoinTool.B',
    'CryptoCurrency:Runtime/BitcoinTool.B!DNS',
    'Backdoor:Runtime/C&CActivity.B',
    'Backdoor:Runtime/C&CActivity.B!DNS',
    'UnauthorizedAccess:Runtime/TorRelay',
    'UnauthorizedAccess:Runtime/TorClient',
    'Trojan:Runtime/BlackholeTraffic',
    'Trojan:Runtime/BlackholeTraffic!DNS',
    'Trojan:Runtime/DropPoint',
    'Trojan:Runtime/DropPoint!DNS',
    'Trojan:Runtime/DGADomainRequest.C!DNS',
    'Trojan:Runtime/DriveBySourceTraffic!DNS',
    'Trojan:Runtime/PhishingDomainRequest!DNS',
    'Impact:Runtime/AbusedDomainRequest.Reputation',
    'Impact:Runtime/BitcoinDomainRequest.Reputation',
    'Impact:Runtime/MaliciousDomainRequest.Reputation',
    'Impact:Runtime/SuspiciousDomainRequest.Reputation',
    'UnauthorizedAccess:Runtime/MetadataDNSRebind',
    'Execution:Runtime/NewBinaryExecuted',
    'PrivilegeEscalation:Runtime/DockerSocketAccessed',
    'PrivilegeEscalation:Runtime/RuncContainerEscape',
    'PrivilegeEscalation:Runtime/CGroupsReleaseAgentModified',
    'DefenseEvasion:Runtime/ProcessInjection.Proc',
    'DefenseEvasion:Runtime/ProcessInjection.Ptrace',
    'DefenseEvasion:Runtime/ProcessInjection.VirtualMemoryWrite',
    'Execution:Runtime/ReverseShell',
    'DefenseEvasion:Runtime/FilelessExecution',
    'Impact:Runtime/CryptoMinerExecuted',
    'Execution:Runtime/NewLibraryLoaded',
    'PrivilegeEscalation:Runtime/ContainerMountsHostDirectory',
    'PrivilegeEscalation:Runtime/UserfaultfdUsage',
    'Execution:Runtime/SuspiciousTool',
    'Execution:Runtime/SuspiciousCommand',
    'DefenseEvasion:Runtime/SuspiciousCommand',
    'DefenseEvasion:Runtime/PtraceAntiDebugging',
    'Execution:Runtime/MaliciousFileExecuted',
  ].map((type) => ({ type, kind: 'runtime' as const })),
  { type: 'AttackSequence:EKS/CompromisedCluster', kind: 'attack sequence' },
];

/** Why a GuardDuty kind is left to GuardDuty (its findings still arrive through `guardduty-finding`). */
export const GUARDDUTY_ONLY: Readonly<Record<GuardDutyKind, string>> = {
  'audit log': 'left to GuardDuty',
  'audit log, threat intelligence': "needs GuardDuty's threat-intelligence feeds (malicious and Tor addresses)",
  anomaly:
    "GuardDuty's model of workload deployments; Watchkeeper's first-seen baseline covers exec, secrets, RBAC, tokens, CSRs and permission checks",
  runtime: "seen inside the node by GuardDuty's runtime agent, which the control-plane logs cannot see",
  'attack sequence': 'left to GuardDuty',
};

/**
 * Why a catalogue item (by its id in that catalogue: Falco rule name, Sigma rule file, Panther id)
 * has no Watchkeeper rule of its own.
 */
export const NOT_COVERED: Readonly<Record<string, string>> = {
  'Disallowed K8s User': 'an allow-list of users is your own: add a rule matching `users` (docs/rules.md)',
  'Create Disallowed Pod': 'an allow-list of images is your own: add a rule on the `pod.images` fact (docs/rules.md)',
  kubernetes_audit_cronjob_modification:
    'routine deployment activity: kept as change context of later incidents (human-change), not paged',
  kubernetes_audit_deployment_deleted:
    'routine deployment activity: kept as change context of later incidents (human-change), not paged',
  'Kubernetes.CronJob.CreatedOrModified':
    'routine deployment activity: kept as change context of later incidents (human-change), not paged',
  'Kubernetes.DaemonSet.Created':
    'routine deployment activity: kept as change context of later incidents (human-change), not paged',
  'Kubernetes.API.IOC.Activity':
    "needs a feed of Tor exit nodes: GuardDuty's TorIPCaller findings arrive through guardduty-finding",
};
