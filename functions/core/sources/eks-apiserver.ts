import { klogSource } from './klog-stream.ts';

/** The Kubernetes API server (`kube-apiserver-*` streams, not the audit ones). */
export const eksApiserver = klogSource('eks-apiserver', 'apiserver', 'kube-apiserver');
