import type { ReviewBody, ReviewFiling } from '../../functions/operations/schemas.ts';
import type { Out } from './api-command.ts';
import { apiClientOf, guard, parseApiCommand, print } from './api-command.ts';
import { UsageError } from './usage-error.ts';

/**
 * `watchkeeper review ID [--file] [--api URL]`: the post-incident review draft of a resolved incident,
 * in Markdown; with `--file`, filed as one ticket of the owner team's tracker instead.
 */
export async function reviewCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parseApiCommand(argv, { file: { type: 'boolean' } });
  const [id, extra] = positionals;
  if (!id || extra !== undefined) throw new UsageError('review takes one incident id');
  const api = apiClientOf(values);
  return guard(out, async () => {
    if (values.file) {
      const filing = await api.request<ReviewFiling>('POST', `/incidents/${encodeURIComponent(id)}/review/ticket`);
      print(out, values.json, filing, () =>
        filing.status === 'filed'
          ? `${id}: review filed as ${filing.key} ${filing.url}\n`
          : `${id}: review being filed in ${filing.team}'s tracker (\`incidents show ${id}\` links it)\n`,
      );
      return 0;
    }
    const review = await api.request<ReviewBody>('GET', `/incidents/${encodeURIComponent(id)}/review`);
    print(out, values.json, review, () => review.markdown);
    return 0;
  });
}
