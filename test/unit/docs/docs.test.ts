import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../../lib/load-config.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const PAGES = [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(ROOT, 'docs', f)),
];
const text = (page: string): string => readFileSync(page, 'utf8');
/** Markdown outside fenced code blocks. */
const prose = (page: string): string => text(page).replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
const anchorsOf = (page: string): Set<string> =>
  new Set([...prose(page).matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1] ?? '')));

const links = PAGES.flatMap((page) =>
  [...prose(page).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => [relative(ROOT, page), target] as const),
);

describe('the documentation', () => {
  it('keeps the README a front door: the two commands at the top, at most 12 KB', () => {
    const readme = text(join(ROOT, 'README.md'));
    const top = readme.slice(0, 1500);
    expect(top).toContain('npm ci && npm start');
    expect(top).toContain('npm test');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12 * 1024);
  });

  it.each(links)('%s links to %s, which exists', (from, target) => {
    const [path = '', anchor] = target.split('#');
    const file = path ? join(ROOT, dirname(from), path) : join(ROOT, from);
    expect(existsSync(file)).toBe(true);
    if (anchor && file.endsWith('.md')) expect([...anchorsOf(file)]).toContain(anchor);
  });

  const configs = PAGES.flatMap((page) =>
    [...text(page).matchAll(/^```json\n([\s\S]*?)^```/gm)]
      .map((m) => JSON.parse(m[1] ?? 'null') as unknown)
      .filter((doc) => typeof doc === 'object' && doc !== null && ('clusters' in doc || 'rules' in doc))
      .map((doc, i) => [`${relative(ROOT, page)} #${i + 1}`, doc] as const),
  );

  it('has configuration examples', () => expect(configs.length).toBeGreaterThanOrEqual(2));

  it.each(configs)('shows a valid configuration in %s', (_where, config) => {
    expect(() => parseConfig(config)).not.toThrow();
  });
});
