import { parseArgs } from 'node:util';
import type { ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from './usage-error.ts';

/** `node:util` parseArgs with positionals allowed; a wrong option is the user's {@link UsageError} (exit 2). */
export function parseCommandLine<const T extends ParseArgsOptionsConfig>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
