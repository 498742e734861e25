import type { Problem } from '../sources/types.ts';

/** Where unreadable input is kept, with its reason. Idempotent: the same problem stored twice is one record. */
export interface QuarantineSink {
  /** Keep the problems of one delivery; returns how many were new. */
  keep(problems: readonly Problem[], delivery: string): Promise<number>;
}
