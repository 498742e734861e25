import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The console's source folder. */
export const CONSOLE_DIR = import.meta.dirname;

/** What a build produced: where, and how much JavaScript a browser downloads first. */
export interface ConsoleBuild {
  readonly dir: string;
  readonly jsBytes: number;
  readonly jsGzipBytes: number;
}

/**
 * Build the console into `outDir`: `index.html`, and `console/app.js` + `console/app.css` (one
 * minified ES module, Preact included). The same files are served locally and uploaded to S3.
 */
export async function buildConsole(outDir = join(CONSOLE_DIR, 'dist')): Promise<ConsoleBuild> {
  const assets = join(outDir, 'console');
  mkdirSync(assets, { recursive: true });
  await build({
    entryPoints: [join(CONSOLE_DIR, 'src', 'main.tsx')],
    outfile: join(assets, 'app.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'error',
  });
  copyFileSync(join(CONSOLE_DIR, 'src', 'app.css'), join(assets, 'app.css'));
  copyFileSync(join(CONSOLE_DIR, 'index.html'), join(outDir, 'index.html'));
  const js = readFileSync(join(assets, 'app.js'));
  return { dir: outDir, jsBytes: js.length, jsGzipBytes: gzipSync(js).length };
}
