import { Writable } from 'node:stream';

/** A writable stream that keeps what commands print, for assertions. */
export class Capture extends Writable {
  public text = '';

  public override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
