import { createHash } from 'node:crypto';
import type { QuarantineSink } from '../functions/core/ingest/ports.ts';
import type { Problem } from '../functions/core/sources/types.ts';

/** One kept problem. */
export interface QuarantineRecord extends Problem {
  readonly delivery: string;
}

/** The local quarantine: kept in memory, deduplicated by delivery and content like the S3 one. */
export class LocalQuarantine implements QuarantineSink {
  public readonly records = new Map<string, QuarantineRecord>();

  public async keep(problems: readonly Problem[], delivery: string): Promise<number> {
    let added = 0;
    for (const problem of problems) {
      const key = createHash('sha256').update(delivery).update(JSON.stringify(problem)).digest('base64url');
      if (this.records.has(key)) continue;
      this.records.set(key, { ...problem, delivery });
      added++;
    }
    return added;
  }
}
