import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import Sequencer from '@jest/test-sequencer';

/** Seconds each file took when last measured (`npm run test:durations`); CI starts with a cold cache. */
const durations = JSON.parse(readFileSync(new URL('./durations.json', import.meta.url), 'utf8'));

/**
 * Heaviest files first, so the two workers finish together instead of one waiting on a long file
 * started last. Files not measured yet weigh by their size (a few seconds per 10 KB).
 */
export default class HeaviestFirst extends Sequencer {
  sort(tests) {
    const weight = (test) =>
      durations[relative(test.context.config.rootDir, test.path)] ?? statSync(test.path).size / 4000;
    return [...tests].sort((a, b) => weight(b) - weight(a));
  }
}
