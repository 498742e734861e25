import { klogSource } from './klog-stream.ts';

/** The AWS cloud controller manager (`cloud-controller-manager-*` streams). */
export const eksCloudControllerManager = klogSource(
  'eks-cloud-controller-manager',
  'cloud-controller-manager',
  'cloud-controller-manager',
);
