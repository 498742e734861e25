import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatusPageFiles, StatusPageSink } from '../functions/core/status/status-page.ts';

/** The status page in a folder (`npm start` serves it at `/status/`): what S3 holds in AWS. */
export class LocalStatusPage implements StatusPageSink {
  public constructor(public readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  public async read(): Promise<string | undefined> {
    try {
      return readFileSync(join(this.dir, 'status.json'), 'utf8');
    } catch {
      return undefined;
    }
  }

  public async write(files: StatusPageFiles): Promise<void> {
    for (const name of ['style.css', 'status.json', 'index.html'] as const)
      writeFileSync(join(this.dir, name), files[name]);
  }
}
