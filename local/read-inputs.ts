import { readFile } from 'node:fs/promises';

/** One input document: its name for error reports and its text. */
export interface NamedInput {
  readonly file: string;
  readonly text: string;
}

/** Read the named files, or standard input when there are none (or `-`). Unreadable files are reported, not fatal. */
export async function readInputs(files: readonly string[], report: (message: string) => void): Promise<NamedInput[]> {
  const names = files.length === 0 ? ['-'] : files;
  const out: NamedInput[] = [];
  for (const file of names) {
    try {
      out.push({
        file: file === '-' ? 'stdin' : file,
        text: file === '-' ? await readStdin() : await readFile(file, 'utf8'),
      });
    } catch (error) {
      report(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
