import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { QuarantineSink } from '../core/ingest/ports.ts';
import type { Problem } from '../core/sources/types.ts';

/**
 * Quarantine in S3: one object per delivery (JSON lines of problems, secrets already redacted),
 * keyed by the delivery id so a redelivery overwrites instead of adding. The bucket's lifecycle
 * rule expires objects.
 */
export class S3Quarantine implements QuarantineSink {
  public constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly clock: () => number = Date.now,
  ) {}

  public async keep(problems: readonly Problem[], delivery: string): Promise<number> {
    const day = new Date(this.clock()).toISOString().slice(0, 10);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `quarantine/${day}/${delivery}.jsonl`,
        ContentType: 'application/x-ndjson',
        Body: problems.map((p) => JSON.stringify(p)).join('\n'),
      }),
    );
    return problems.length;
  }
}
