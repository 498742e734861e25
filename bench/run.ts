/** `npm run bench [-- --json]`: every benchmark, a readable table, and one JSON line last with --json. */
import type { Figure } from './measure.ts';

// The store benchmark runs the Lambda handlers: keep their logs and EMF output out of the table.
// Set before the benchmarks (and so the handlers' shared logger) are imported.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// X-Ray exists only in Lambda: the local runtime traces nothing.
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

const BENCHES: ReadonlyArray<readonly [string, () => Promise<Figure[]>]> = [
  ['classification', async () => (await import('./classify.bench.ts')).classifyBench()],
  ['incident store', async () => (await import('./store.bench.ts')).storeBench()],
  ['time to page', async () => (await import('./page.bench.ts')).pageBench()],
  ['incident API', async () => (await import('./api.bench.ts')).apiBench()],
  ['load on the API and webhook', async () => (await import('./load.bench.ts')).loadBench()],
  ['bundles and cold start', async () => (await import('./cold-start.bench.ts')).coldStartBench()],
];

const json = process.argv.includes('--json');
const figures: Figure[] = [];
for (const [name, bench] of BENCHES) {
  process.stdout.write(`\n${name}\n`);
  for (const figure of await bench()) {
    figures.push(figure);
    process.stdout.write(
      // A figure without a unit is a note (the assumptions of the one before): its label alone.
      figure.unit === ''
        ? `  ${figure.label}\n`
        : `  ${figure.label.padEnd(58)} ${String(figure.value).padStart(12)} ${figure.unit.padEnd(9)} ${figure.target ? `target ${figure.target}` : ''}\n`,
    );
  }
}
if (json)
  process.stdout.write(
    `${JSON.stringify(Object.fromEntries(figures.filter((f) => !f.key.includes('.')).map((f) => [f.key, f.value])))}\n`,
  );
