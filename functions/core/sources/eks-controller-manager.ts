import { klogSource } from './klog-stream.ts';

/** The Kubernetes controller manager (`kube-controller-manager-*` streams). */
export const eksControllerManager = klogSource(
  'eks-controller-manager',
  'controller-manager',
  'kube-controller-manager',
);
