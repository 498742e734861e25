import { z } from 'zod';
import { COMPONENTS, SEVERITIES } from '../vocabulary.ts';

/** Matchers of a silence as the API accepts them: at least one field, each a non-empty list. */
export const SilenceMatchersSchema = z.object({
  cluster: z.array(z.string().min(1)).min(1).optional(),
  namespace: z.array(z.string().min(1)).min(1).optional(),
  component: z.array(z.enum(COMPONENTS)).min(1).optional(),
  rule: z.array(z.string().min(1)).min(1).optional(),
  severity: z.array(z.enum(SEVERITIES)).min(1).optional(),
}).strict().refine((m) => Object.keys(m).length > 0, 'a silence needs at least one matcher');
