import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository's root, every path below is relative to it. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

// Static imports and re-exports, type-only ones included (a port is a dependency too), and dynamic imports.
const SPECIFIERS =
  /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

/** An import of one file: a repository path (`functions/core/x.ts`) or a package (`zod`, `node:fs`). */
export interface Import {
  readonly from: string;
  readonly to: string;
  readonly isPackage: boolean;
}

/** The TypeScript files under `folder`, relative to the root. */
export function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.includes('node_modules'))
    .map((f) => path.posix.join(folder, f.split(path.sep).join('/')));
}

/** What one file imports. */
export function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(SPECIFIERS)].map((m) => {
    const spec = (m[1] ?? m[2] ?? m[3]) as string;
    if (!spec.startsWith('.')) return { from: file, to: packageOf(spec), isPackage: true };
    return { from: file, to: path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)), isPackage: false };
  });
}

/** `@aws-sdk/client-s3/dist` → `@aws-sdk/client-s3`; `zod/mini` → `zod`; `node:fs/promises` → `node:fs`. */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** Every file and package `entry` loads, following repository imports. */
export function closureOf(entry: string): Map<string, string> {
  const reachedFrom = new Map<string, string>([[entry, entry]]);
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (!existsSync(path.join(ROOT, file)) || !/\.tsx?$/.test(file)) continue;
    for (const { to } of importsOf(file)) {
      if (reachedFrom.has(to)) continue;
      reachedFrom.set(to, file);
      pending.push(to);
    }
  }
  return reachedFrom;
}

/** How `entry` comes to load `target`: the chain of files, for a failure message. */
export function chainTo(reachedFrom: Map<string, string>, target: string): string[] {
  const chain = [target];
  for (let at = target; reachedFrom.get(at) !== at; ) {
    at = reachedFrom.get(at) as string;
    chain.unshift(at);
  }
  return chain;
}
