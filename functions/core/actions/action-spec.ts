import * as z from 'zod';
import type { ActionKindName } from './catalogue.ts';
import { ACTION_KIND_NAMES, ACTION_KINDS } from './catalogue.ts';

/**
 * How an action runs: `suggest` shows it (a button in the console, a line in the page) and runs it
 * when someone asks; `approve` has the workflow wait for a decision (no decision in time is a
 * rejection); `auto` runs it at once — only for actions the catalogue marks safe.
 */
export const ACTION_MODES = ['suggest', 'approve', 'auto'] as const;
/** See {@link ACTION_MODES}. */
export type ActionMode = (typeof ACTION_MODES)[number];

/**
 * An action a rule (or a correlation policy) names. Parameters are text with `{…}` references to
 * the incident (see `bindParams`): `{resource.name}`, `{namespace}`, `{evidence.eks.principalArn}`;
 * `|` tries the next reference when one is empty: `{evidence.event.involvedName|resource.name}`.
 */
export const ActionSpecSchema = z
  .object({
    kind: z.enum(ACTION_KIND_NAMES as [ActionKindName, ...ActionKindName[]]),
    mode: z.enum(ACTION_MODES).default('suggest'),
    params: z.record(z.string(), z.string().max(1000)).default({}),
    /** `approve`: how long the decision is awaited; then it is rejected. @default 60 */
    approvalMinutes: z.number().int().min(1).max(1440).default(60),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const kind = ACTION_KINDS[spec.kind];
    const known = kind.params as Record<string, { required: boolean }>;
    for (const name of Object.keys(spec.params))
      if (!known[name])
        ctx.addIssue({
          code: 'custom',
          path: ['params', name],
          message: `${spec.kind} takes no parameter ${name} (it takes: ${Object.keys(known).join(', ')})`,
        });
    for (const [name, param] of Object.entries(known))
      if (param.required && !spec.params[name])
        ctx.addIssue({ code: 'custom', path: ['params', name], message: `${spec.kind} needs the parameter ${name}` });
    if (spec.mode === 'auto' && !kind.safe)
      ctx.addIssue({
        code: 'custom',
        path: ['mode'],
        message: `${spec.kind} changes the cluster: it cannot run without a person (mode suggest or approve)`,
      });
  });

/** A validated action of a rule. */
export type ActionSpec = z.infer<typeof ActionSpecSchema>;
