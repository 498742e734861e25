import { describe, expect, it } from '@jest/globals';
import type { ClusterStatus } from '../../../../functions/core/status/component-status.ts';
import type { StatusNote } from '../../../../functions/core/status/status-page.ts';
import {
  MAX_NOTES,
  notesOf,
  statusPageDocument,
  statusPageHtml,
} from '../../../../functions/core/status/status-page.ts';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const HOUR = 3_600_000;
const note = (hoursAgo: number, overrides: Partial<StatusNote> = {}): StatusNote => ({
  at: new Date(NOW - hoursAgo * HOUR).toISOString(),
  cluster: 'prod',
  component: 'etcd',
  status: 'degraded',
  text: `note ${hoursAgo}`,
  ...overrides,
});
const statuses: ClusterStatus[] = [
  {
    cluster: 'prod',
    status: 'degraded',
    components: [{ component: 'etcd', status: 'degraded', openAlerts: 2, worstSeverity: 'high' }],
  },
  { cluster: 'dev', status: 'perfect', components: [] },
];
const page = (earlierNotes: StatusNote[], newNotes: StatusNote[] = [], noteDays = 7) =>
  statusPageDocument({
    config: { title: 'Status', clusters: ['prod'], noteDays },
    statuses,
    earlierNotes,
    newNotes,
    now: NOW,
  });

describe('statusPageDocument', () => {
  it('shows only the clusters that opted in, with names and health and nothing else', () => {
    expect(page([]).clusters).toEqual([
      { cluster: 'prod', status: 'degraded', components: [{ component: 'etcd', status: 'degraded' }] },
    ]);
  });

  it('keeps a week of notes, newest first, each once, at most fifty', () => {
    // Prepare
    const many = Array.from({ length: 80 }, (_, i) => note(i + 1));

    // Act
    const kept = page([note(200), note(3), note(5, { cluster: 'dev' })], [note(3), note(1)]).notes;
    const capped = page(many).notes;

    // Assess
    expect(kept.map((n) => n.text)).toEqual(['note 1', 'note 3']);
    expect(capped).toHaveLength(MAX_NOTES);
    expect(capped[0].text).toBe('note 1');
  });

  it('keeps notes as many days as the configuration says', () => {
    const notes = [note(1), note(3 * 24 - 1), note(3 * 24 + 1), note(20 * 24)];
    expect(page(notes, [], 3).notes.map((n) => n.text)).toEqual(['note 1', 'note 71']);
    expect(page(notes, [], 30).notes).toHaveLength(4);
  });
});

describe('notesOf', () => {
  it('reads the notes of a stored page, said again from their facts, and ignores anything unreadable', () => {
    const stored = note(1, { text: 'written by someone else: <!channel> https://evil.example' });
    expect(notesOf(JSON.stringify({ notes: [stored, { at: 1 }, 'x', null] }))).toEqual([
      { ...stored, text: 'etcd on prod is degraded. The responsible teams are on it.' },
    ]);
    expect(notesOf('{not json')).toEqual([]);
    expect(notesOf(undefined)).toEqual([]);
    expect(notesOf('{"notes": "no"}')).toEqual([]);
  });
});

describe('statusPageHtml', () => {
  it('escapes every name and note, and has no script', () => {
    // Act
    const html = statusPageHtml(page([note(1, { text: '<script>alert(1)</script> & "quotes"' })]));

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;quotes&#34;');
    expect(html).toContain('▲ Degraded');
  });
});
