import { klogSource } from './klog-stream.ts';

/** The Kubernetes scheduler (`kube-scheduler-*` streams). */
export const eksScheduler = klogSource('eks-scheduler', 'scheduler', 'kube-scheduler');
