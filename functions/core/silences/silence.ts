import { z } from 'zod';
import type { Incident } from '../incidents/types.ts';
import { COMPONENTS, SEVERITIES } from '../vocabulary.ts';

/** Matchers of a silence: each listed field must match one of its values; at least one field. */
export const SilenceMatchersSchema = z.object({
  cluster: z.array(z.string().min(1)).min(1).optional(),
  namespace: z.array(z.string().min(1)).min(1).optional(),
  component: z.array(z.enum(COMPONENTS)).min(1).optional(),
  rule: z.array(z.string().min(1)).min(1).optional(),
  severity: z.array(z.enum(SEVERITIES)).min(1).optional(),
}).strict().refine((m) => Object.keys(m).length > 0, 'a silence needs at least one matcher');

/** A maintenance window: matching incidents are recorded and resolved as usual, but not paged. */
export interface Silence {
  readonly id: string;
  readonly matchers: z.infer<typeof SilenceMatchersSchema>;
  /** ISO time; may be in the future. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly comment: string;
  readonly createdAt: string;
}

/** True when a silence covers an incident at an instant. */
export function silences(silence: Silence, incident: Incident, at: number): boolean {
  if (at < Date.parse(silence.startsAt) || at >= Date.parse(silence.endsAt)) return false;
  const m = silence.matchers;
  const hit = (values: readonly string[] | undefined, value: string | undefined): boolean => !values || (value !== undefined && values.includes(value));
  return hit(m.cluster, incident.cluster) && hit(m.namespace, incident.namespace) && hit(m.component, incident.component)
    && hit(m.rule, incident.rule) && hit(m.severity, incident.severity);
}

/** The first silence covering an incident now, if any. */
export function findSilence(all: readonly Silence[], incident: Incident, at: number): Silence | undefined {
  return all.find((s) => silences(s, incident, at));
}
