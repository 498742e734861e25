import type { ReviewBody } from '../../functions/api/schemas.ts';
import type { Out } from './api-command.ts';
import { apiClientOf, guard, parseApiCommand, print } from './api-command.ts';
import { UsageError } from './usage-error.ts';

/** `watchkeeper review ID [--api URL]`: the post-incident review draft of a resolved incident, in Markdown. */
export async function reviewCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parseApiCommand(argv, {});
  const [id, extra] = positionals;
  if (!id || extra !== undefined) throw new UsageError('review takes one incident id');
  const api = apiClientOf(values);
  return guard(out, async () => {
    const review = await api.request<ReviewBody>('GET', `/incidents/${encodeURIComponent(id)}/review`);
    print(out, values.json, review, () => review.markdown);
    return 0;
  });
}
