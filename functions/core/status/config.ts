import * as z from 'zod';

/**
 * The business status page (`statusPage`): no login, the health of the listed clusters' components
 * and the notes the business topic gets, as static HTML and JSON at `<console>/status/index.html`,
 * rewritten when a component's status changes and every five minutes. Off unless enabled; clusters
 * opt in by name.
 */
export const StatusPageConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    title: z.string().min(1).max(100).default('Service status'),
    /** The clusters it shows (and none other). */
    clusters: z.array(z.string()).max(100).default([]),
    /** Days a note (degraded, restored) stays on the page. @default 7 */
    noteDays: z.number().int().min(1).max(90).default(7),
  })
  .strict();

/** The status page's configuration, with its defaults. */
export type StatusPageConfig = z.infer<typeof StatusPageConfigSchema>;

/** The status page when the configuration names none: off. */
export const NO_STATUS_PAGE: StatusPageConfig = StatusPageConfigSchema.parse({});
