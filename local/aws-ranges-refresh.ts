import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactAwsRanges } from '../functions/core/sources/aws-ranges.ts';

/** Where AWS publishes its address ranges. */
export const AWS_RANGES_URL = 'https://ip-ranges.amazonaws.com/ip-ranges.json';
/** The copy the project ships (read by the classifier; never fetched at run time). */
export const AWS_RANGES_FILE = join(import.meta.dirname, '..', 'rules', 'data', 'aws-ip-ranges.json');

/**
 * Read AWS's published document from a URL or a saved file, keep the AMAZON prefixes per region
 * merged, and write the shipped file. Returns a line saying what it wrote.
 */
export async function refreshAwsRanges(from = AWS_RANGES_URL, to = AWS_RANGES_FILE): Promise<string> {
  const text = /^https?:\/\//.test(from)
    ? await fetch(from).then(async (response) => {
        if (!response.ok) throw new Error(`${from} answered ${response.status}`);
        return response.text();
      })
    : readFileSync(from, 'utf8');
  const ranges = compactAwsRanges(JSON.parse(text), AWS_RANGES_URL);
  writeFileSync(to, `${JSON.stringify(ranges)}\n`);
  const count = Object.values(ranges.regions).reduce((n, cidrs) => n + cidrs.length, 0);
  return `${Object.keys(ranges.regions).length} regions, ${count} ranges, published ${ranges.createDate} (syncToken ${ranges.syncToken})`;
}
