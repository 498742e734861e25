import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { chainTo, closureOf, importsOf, ROOT, sourceFiles } from '../../helpers/import-graph.ts';

/** The layers of `functions/`, lowest first: each may import only itself and the layers below it. */
const LAYERS = ['functions/core', 'functions/adapters', 'functions/shared', 'functions/operations'] as const;

/** What the pure core may load besides itself: the rule catalogue's data and no SDK, no environment, no I/O. */
const CORE_PACKAGES = new Set(['zod', 'ipaddr.js', 'node:crypto', 'node:zlib', 'node:async_hooks']);

const files = sourceFiles('functions');
const imports = files.flatMap(importsOf);
const layerOf = (file: string) => LAYERS.find((layer) => file.startsWith(`${layer}/`));
/** `functions/<name>` of a function's own folder; undefined for a layer. */
const functionOf = (file: string) => (layerOf(file) ? undefined : file.split('/').slice(0, 2).join('/'));

describe('the layers of functions/ (imports run downhill only)', () => {
  test('the core imports only the core, the rule catalogue and a few pure packages', () => {
    const uphill = imports
      .filter((i) => i.from.startsWith('functions/core/'))
      .filter((i) => (i.isPackage ? !CORE_PACKAGES.has(i.to) : !/^(functions\/core|rules)\//.test(i.to)))
      .map((i) => `${i.from} → ${i.to}`);
    expect(uphill).toEqual([]);
  });

  test('each layer imports only itself and the layers below it', () => {
    const uphill = imports
      .filter((i) => !i.isPackage && layerOf(i.from) && i.to.startsWith('functions/'))
      .filter((i) => {
        const from = LAYERS.indexOf(layerOf(i.from) as (typeof LAYERS)[number]);
        const to = layerOf(i.to);
        return to === undefined || LAYERS.indexOf(to) > from;
      })
      .map((i) => `${i.from} → ${i.to}`);
    expect(uphill).toEqual([]);
  });

  test("no function imports another function's folder", () => {
    const across = imports
      .filter((i) => !i.isPackage && functionOf(i.from) && i.to.startsWith('functions/'))
      .filter((i) => !layerOf(i.to) && functionOf(i.to) !== functionOf(i.from))
      .map((i) => `${i.from} → ${i.to}`);
    expect(across).toEqual([]);
  });

  test('nothing under functions/ imports the CDK app, the local runtime, tests or benchmarks', () => {
    const outside = imports
      .filter((i) => !i.isPackage && !/^(functions|rules)\//.test(i.to))
      .map((i) => `${i.from} → ${i.to}`);
    expect(outside).toEqual([]);
  });

  test('the environment is read in one file', () => {
    const readers = files.filter((f) => readFileSync(path.join(ROOT, f), 'utf8').includes('process.env'));
    expect(readers).toEqual(['functions/shared/env.ts']);
  });
});

describe('aws-cdk-lib loads only where something is synthesized', () => {
  const entries = [
    ...files.filter((f) => f.endsWith('/handler.ts')),
    'local/runtime.ts',
    'local/cli/start-command.ts',
    'local/cli/replay-command.ts',
    'local/cli/classify-command.ts',
  ];
  test.each(entries)('%s', (entry) => {
    const reached = closureOf(entry);
    const cdk = ['aws-cdk-lib', 'constructs'].filter((p) => reached.has(p));
    expect(cdk.map((p) => chainTo(reached, p).join(' → '))).toEqual([]);
  });
});

describe('what the function bundles carry', () => {
  const handlers = files.filter((f) => f.endsWith('/handler.ts'));
  const reaching = (target: (file: string) => boolean) =>
    handlers.filter((h) => [...closureOf(h).keys()].some(target)).map((h) => h.split('/')[1]);

  test('no function loads the rule catalogue (its rules come resolved in settings.json, without their examples)', () => {
    expect(reaching((f) => f.startsWith('rules/catalogue/'))).toEqual([]);
  });

  test("no function bundles AWS's address ranges (those that need them read them from beside the handler)", () => {
    expect(reaching((f) => f === 'rules/data/aws-ip-ranges.json')).toEqual([]);
  });

  test('zod is imported as a namespace: `import { z }` keeps every locale in a bundle (+360 KB)', () => {
    const named = files.filter((f) =>
      /import\s*\{\s*z\s*\}\s*from\s*'zod'/.test(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(named).toEqual([]);
  });

  test('the settings are made where the CDK app and the local runtime make them, never in a function', () => {
    expect(reaching((f) => f === 'functions/shared/settings-file.ts')).toEqual([]);
  });
});
