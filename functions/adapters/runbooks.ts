import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Reads runbooks (`<rule id>.md`) from a folder, cached; `null` when a rule has none. */
export class FileRunbooks {
  private readonly cache = new Map<string, string | null>();

  public constructor(private readonly dir: string) {}

  public async get(ruleId: string): Promise<string | null> {
    if (!/^[a-z0-9-]+$/.test(ruleId)) return null;
    if (!this.cache.has(ruleId)) {
      try {
        this.cache.set(ruleId, await readFile(join(this.dir, `${ruleId}.md`), 'utf8'));
      } catch {
        this.cache.set(ruleId, null);
      }
    }
    return this.cache.get(ruleId)!;
  }
}
