#!/usr/bin/env node
/**
 * Writes test/durations.json (seconds per test file) from a Jest JSON report, for the sequencer:
 * `npm run test:durations` after `JEST_JSON_OUTPUT=.jest-results.json npm test`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2] ?? '.jest-results.json', 'utf8'));
const rows = report.testResults
  .map((file) => [relative(process.cwd(), file.name), Math.round((file.endTime - file.startTime) / 100) / 10])
  .sort(([, a], [, b]) => b - a);
writeFileSync(new URL('./durations.json', import.meta.url), `${JSON.stringify(Object.fromEntries(rows), null, 2)}\n`);
for (const [file, seconds] of rows.slice(0, 15)) console.log(`${String(seconds).padStart(7)} s  ${file}`);
