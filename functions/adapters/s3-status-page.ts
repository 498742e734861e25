import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { StatusPageFiles, StatusPageSink } from '../core/status/status-page.ts';

/** The status page's prefix in the console's bucket: `https://<console>/status/index.html`. */
export const STATUS_PAGE_PREFIX = 'status/';

const TYPES: Readonly<Record<keyof StatusPageFiles, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'status.json': 'application/json',
  'style.css': 'text/css; charset=utf-8',
};

/**
 * The status page in S3, under `status/` of the console's bucket. A minute of caching: CloudFront and
 * browsers show a change within a minute, and a busy page costs one origin request a minute.
 */
export class S3StatusPage implements StatusPageSink {
  public constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  public async read(): Promise<string | undefined> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: `${STATUS_PAGE_PREFIX}status.json` }),
      );
      return await object.Body?.transformToString();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  public async write(files: StatusPageFiles): Promise<void> {
    // The page last: it never names data newer than what is already there.
    for (const name of ['style.css', 'status.json', 'index.html'] as const) {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: `${STATUS_PAGE_PREFIX}${name}`,
          Body: files[name],
          ContentType: TYPES[name],
          CacheControl: 'max-age=60',
        }),
      );
    }
  }
}
