import * as z from 'zod/mini';
import '../zod-messages.ts';
import { COMPONENTS, SEVERITIES } from '../vocabulary.ts';

const nonEmptyList = <T extends z.core.SomeType>(item: T) =>
  z.optional(z.array(item).check(z.minLength(1), z.maxLength(50)));
/** A cluster, namespace or rule name: printable, bounded. */
const name = z
  .string()
  .check(z.minLength(1), z.maxLength(253), z.regex(/^[\x21-\x7e]+$/, 'a name without spaces or control characters'));

/** The longest silence: a maintenance window, not a way to switch paging off for good. */
export const MAX_SILENCE_DAYS = 90;

/** Matchers of a silence as the API accepts them: at least one field, each a non-empty list. */
export const SilenceMatchersSchema = z
  .strictObject({
    cluster: nonEmptyList(name),
    namespace: nonEmptyList(name),
    component: nonEmptyList(z.enum(COMPONENTS)),
    rule: nonEmptyList(name),
    severity: nonEmptyList(z.enum(SEVERITIES)),
  })
  .check(z.refine((m) => Object.keys(m).length > 0, 'a silence needs at least one matcher'));
