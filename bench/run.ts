/** `npm run bench [-- --json]`: every benchmark, a readable table, and one JSON line last with --json. */
import { classifyBench } from './classify.bench.ts';
import type { Figure } from './measure.ts';

const BENCHES: ReadonlyArray<readonly [string, () => Figure[] | Promise<Figure[]>]> = [
  ['classification', classifyBench],
];

const json = process.argv.includes('--json');
const figures: Figure[] = [];
for (const [name, bench] of BENCHES) {
  process.stdout.write(`\n${name}\n`);
  for (const figure of await bench()) {
    figures.push(figure);
    process.stdout.write(`  ${figure.label.padEnd(52)} ${String(figure.value).padStart(12)} ${figure.unit.padEnd(9)} ${figure.target ? `target ${figure.target}` : ''}\n`);
  }
}
if (json) process.stdout.write(`${JSON.stringify(Object.fromEntries(figures.map((f) => [f.key, f.value])))}\n`);
