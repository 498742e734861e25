import { join } from 'node:path';

const SHIMS = join(import.meta.dirname, '..', 'bundling-shims');

/**
 * How every function is bundled: ESM for Node 22, minified, tree-shaken, the pinned AWS SDK inside.
 * `NodejsFunction` and the bundle benchmark both use these, so the benchmark measures what deploys.
 */
export const BUNDLING = {
  format: 'esm',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  /** ESM bundles still meet CommonJS dependencies that call require(). */
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  /**
   * Imports swapped at bundle time. `node:http` as ESM costs ~35 ms of init on Node 22 (it loads
   * undici for the WebSocket getters); the shim hands over the same module without reading them.
   */
  alias: { 'node:http': join(SHIMS, 'node-http.cjs'), http: join(SHIMS, 'node-http.cjs') },
} as const;

/** {@link BUNDLING.alias} as `NodejsFunction` esbuild arguments. */
export const aliasArgs = (): { '--alias': string[] } => ({
  '--alias': Object.entries(BUNDLING.alias).map(([from, to]) => `${from}=${to}`),
});
