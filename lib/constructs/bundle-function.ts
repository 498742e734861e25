import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SettingsFile } from '../../functions/shared/settings.ts';
import { SETTINGS_FILE } from '../../functions/shared/settings.ts';
import { build } from 'esbuild';
import { BUNDLING } from './bundling.ts';

/**
 * Bundle one function entry the way `WatchkeeperFunction` does (same esbuild options, prod: no source
 * map, the settings file beside it when given), for the cold-start benchmark and the test that runs the
 * built artifact. Returns the bundle's size in bytes.
 */
export async function bundleFunction(entry: string, outfile: string, settings?: SettingsFile): Promise<number> {
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
  if (settings) writeFileSync(join(dirname(outfile), SETTINGS_FILE), JSON.stringify(settings));
  return statSync(outfile).size;
}
