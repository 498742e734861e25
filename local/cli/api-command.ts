import type { ParseArgsOptionsConfig } from 'node:util';
import { ApiClient, ApiError } from './api-client.ts';
import { terminalJson } from './columns.ts';
import { parseCommandLine } from './parse-command-line.ts';

/** Where a command writes. */
export type Out = NodeJS.WritableStream;

/** Options every command that talks to the API takes. */
const API_OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
  region: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsOptionsConfig;

/** The command line of an API command: its own options and {@link API_OPTIONS}. */
export function parseApiCommand<const T extends ParseArgsOptionsConfig>(argv: string[], options: T) {
  return parseCommandLine(argv, { ...API_OPTIONS, ...options });
}

/** A client of `--api` (default `$WATCHKEEPER_API_URL`, else the local server), with `--token` and `--region`. */
export function apiClientOf(values: { api?: string; token?: string; region?: string }): ApiClient {
  const base = values.api ?? process.env.WATCHKEEPER_API_URL ?? 'http://127.0.0.1:8080';
  return new ApiClient(base, values.token ?? process.env.WATCHKEEPER_API_TOKEN, values.region);
}

/** Print `value` as JSON with `--json`, otherwise the readable form. */
export function print(out: Out, json: boolean | undefined, value: unknown, readable: () => string): void {
  out.write(json ? `${terminalJson(value, 2)}\n` : readable());
}

/** Run an API command: an API error or an unreachable API is a message and exit 1, not a stack trace. */
export async function guard(out: Out, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) {
      out.write(`watchkeeper: ${error.status}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && /fetch failed/.test(error.message)) {
      out.write('watchkeeper: cannot reach the API (is `npm start` running? --api URL picks another)\n');
      return 1;
    }
    throw error;
  }
}
