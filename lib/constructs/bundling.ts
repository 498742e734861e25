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
} as const;
