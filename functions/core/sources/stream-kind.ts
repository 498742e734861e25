import type { RecordKind, StreamKind } from './types.ts';
import type { Source } from '../vocabulary.ts';

/** Longest prefix first: `kube-apiserver-audit-` must win over `kube-apiserver-`. */
const PREFIXES: ReadonlyArray<readonly [string, StreamKind]> = [
  ['kube-apiserver-audit', 'audit'],
  ['kube-apiserver', 'apiserver'],
  ['authenticator', 'authenticator'],
  ['kube-controller-manager', 'controller-manager'],
  ['kube-scheduler', 'scheduler'],
  ['cloud-controller-manager', 'cloud-controller-manager'],
];

/** The stream kind of an EKS control-plane log stream name (or a bare kind name), if it is one. */
export function streamKindOf(logStream: string): StreamKind | undefined {
  for (const [prefix, kind] of PREFIXES) {
    if (logStream === prefix || logStream.startsWith(`${prefix}-`)) return kind;
  }
  for (const [, kind] of PREFIXES) if (logStream === kind) return kind;
  return undefined;
}

/** The signal source a stream kind maps onto. */
export const SOURCE_OF_STREAM: Readonly<Record<RecordKind, Source>> = {
  audit: 'eks-audit',
  authenticator: 'eks-authenticator',
  apiserver: 'eks-apiserver',
  'controller-manager': 'eks-controller-manager',
  scheduler: 'eks-scheduler',
  'cloud-controller-manager': 'eks-cloud-controller-manager',
  'k8s-event': 'k8s-event',
  cloudtrail: 'cloudtrail',
  'cloudwatch-alarm': 'cloudwatch-alarm',
  guardduty: 'guardduty',
  alertmanager: 'alertmanager',
};

const LOG_GROUP = /^\/aws\/eks\/([^/]+)\/cluster$/;

/** The cluster name from an EKS log group `/aws/eks/<cluster>/cluster`. */
export function clusterOfLogGroup(logGroup: string): string | undefined {
  return LOG_GROUP.exec(logGroup)?.[1];
}
