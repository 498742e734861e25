import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { bundleFunction } from '../lib/constructs/bundle-function.ts';
import type { Figure } from './measure.ts';

const ROOT = join(import.meta.dirname, '..');
const RUNS = 25;

/** Wall time of a fresh Node process from spawn until the bundle's handler is imported (Node boot included, as in Lambda's init). */
function initMs(file: string): number {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)});`],
    {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        POWERTOOLS_SERVICE_NAME: 'bench',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
    },
  );
  const elapsed = performance.now() - started;
  if (child.status !== 0) throw new Error(`importing ${file} failed: ${child.stderr}`);
  return elapsed;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const BARE = 'bare middy handler';
const FLOOR = 'floor: middy + Powertools + DynamoDB client';

/**
 * Size of every function bundle and its cold start, against a bare middy handler built the same way, and
 * against the floor (what any function here must load: Powertools and one SDK client), which shows how
 * much of a function's init is its own code.
 */
export async function coldStartBench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'watchkeeper-bundles-'));
  // Every folder with a handler is a function (core, adapters, shared and operations are layers).
  const functions = readdirSync(join(ROOT, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'functions', d.name, 'handler.ts')))
    .map((d) => d.name)
    .sort();
  const entries: Array<[string, string]> = [
    [BARE, join(import.meta.dirname, 'bare-handler.ts')],
    [FLOOR, join(import.meta.dirname, 'floor-handler.ts')],
    ...functions.map((name): [string, string] => [name, join(ROOT, 'functions', name, 'handler.ts')]),
  ];
  const bundles: Array<{ name: string; file: string; size: number }> = [];
  for (const [name, entry] of entries) {
    const file = join(dir, `${bundles.length}.mjs`);
    bundles.push({ name, file, size: await bundleFunction(entry, file) });
  }
  // Interleaved runs: machine noise hits every bundle alike.
  const times = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
  for (let run = 0; run < RUNS; run++) for (const b of bundles) times.get(b.name)?.push(initMs(b.file));
  const ms = (name: string): number => median(times.get(name) ?? []);
  const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
  const figures: Figure[] = bundles.map((b) => ({
    key: `bundleKb.${b.name}`,
    label: `${b.name}: ${Math.round(b.size / 1024)} KB, init ${ms(b.name).toFixed(0)} ms`,
    value: ratio(ms(b.name), ms(BARE)),
    unit: 'x bare',
  }));
  const functionsOnly = bundles.slice(2);
  const slowest = Math.max(...functionsOnly.map((b) => ms(b.name)));
  return [
    ...figures,
    {
      key: 'maxBundleKb',
      label: 'largest function bundle',
      value: Math.round(Math.max(...functionsOnly.map((b) => b.size)) / 1024),
      unit: 'KB',
      target: '<= 250',
    },
    {
      key: 'coldStartRatioToBareHandler',
      label: 'slowest function init / bare middy handler init',
      value: ratio(slowest, ms(BARE)),
      unit: 'x',
      target: '<= 1.5',
    },
    {
      key: 'floorBundleKb',
      label: 'floor bundle (Powertools + DynamoDB client)',
      value: Math.round(bundles[1].size / 1024),
      unit: 'KB',
    },
    {
      key: 'floorRatioToBareHandler',
      label: 'floor init / bare middy handler init',
      value: ratio(ms(FLOOR), ms(BARE)),
      unit: 'x',
    },
    {
      key: 'coldStartRatioToFloor',
      label: 'slowest function init / floor init',
      value: ratio(slowest, ms(FLOOR)),
      unit: 'x',
    },
  ];
}
