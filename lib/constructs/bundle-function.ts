import { statSync } from 'node:fs';
import { build } from 'esbuild';
import { BUNDLING } from './bundling.ts';

/**
 * Bundle one function entry the way `WatchkeeperFunction` does (same esbuild options, prod: no source
 * map), for the cold-start benchmark and the test that runs the built artifact. Returns its size in bytes.
 */
export async function bundleFunction(entry: string, outfile: string): Promise<number> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    alias: { ...BUNDLING.alias },
    logLevel: 'silent',
  });
  if (result.errors.length) throw new Error(`cannot bundle ${entry}: ${result.errors.map((e) => e.text).join('; ')}`);
  return statSync(outfile).size;
}
