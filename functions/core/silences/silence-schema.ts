import * as z from 'zod/mini';
import '../zod-messages.ts';
import { COMPONENTS, SEVERITIES } from '../vocabulary.ts';

const nonEmptyList = <T extends z.core.SomeType>(item: T) => z.optional(z.array(item).check(z.minLength(1)));
const name = z.string().check(z.minLength(1));

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
