import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Reads runbooks (`<rule id>.md`) from a folder, cached; `null` when a rule has none. */
export class FileRunbooks {
  private readonly cache = new Map<string, string | null>();

  public constructor(private readonly dir: string) {}

  public async get(ruleId: string): Promise<string | null> {
    if (!/^[a-z0-9-]+$/.test(ruleId)) return null;
    const cached = this.cache.get(ruleId);
    if (cached !== undefined) return cached;
    let text: string | null = null;
    try {
      text = await readFile(join(this.dir, `${ruleId}.md`), 'utf8');
    } catch {
      // No runbook for this rule: remembered as null.
    }
    this.cache.set(ruleId, text);
    return text;
  }
}
