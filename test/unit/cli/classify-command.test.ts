import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { classifyCommand } from '../../../local/cli/classify-command.ts';
import { UsageError } from '../../../local/cli/usage-error.ts';
import { auditEvent } from '../../helpers/audit-event.ts';
import { Capture } from '../../helpers/capture.ts';
import { guardDutyEvent } from '../../helpers/external-events.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'wk-classify-'));

/** The command as `bin/watchkeeper.ts` runs it, in this process (files only: stdin is the spawned test's). */
const classify = async (args: string[]) => {
  const [out, err] = [new Capture(), new Capture()];
  const code = await classifyCommand(args, out, err);
  return { code, stdout: out.text, stderr: err.text };
};

/** The real command line in a process of its own: stdin, usage errors and exit codes. */
const cli = async (args: string[], input?: string) => {
  const child = run('npx', ['tsx', 'bin/watchkeeper.ts', ...args], { env: { ...process.env, NODE_OPTIONS: '' } });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('watchkeeper classify', () => {
  it('flags an exec sent without kind/apiVersion, and reads a GuardDuty finding alone, in a page and in EventBridge alike', async () => {
    // Prepare
    const {
      kind: _k,
      apiVersion: _a,
      ...exec
    } = auditEvent({
      objectRef: { resource: 'pods', subresource: 'exec', namespace: 'a', name: 'p' },
      responseStatus: { code: 101 },
    });
    const event = guardDutyEvent();
    const files = {
      'bare.jsonl': JSON.stringify(exec),
      'finding.json': JSON.stringify(event.detail),
      'page.json': JSON.stringify({ Findings: [event.detail], NextToken: null }),
      'eventbridge.json': JSON.stringify(event),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);

    // Act
    const { code, stdout, stderr } = await classify([
      '--cluster',
      'prod',
      ...Object.keys(files).map((f) => join(dir, f)),
    ]);

    // Assess
    expect([code, stderr]).toEqual([0, '']);
    const signals = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { rule: string; eventId: string });
    // The exec is also a change a person made (what change context is built from).
    expect(signals.map((s) => s.rule)).toEqual([
      'pod-exec',
      'human-change',
      'guardduty-finding',
      'guardduty-finding',
      'guardduty-finding',
    ]);
    // The same finding, whatever carried it: one token, so ingestion counts it once.
    expect(new Set(signals.slice(2).map((s) => s.eventId)).size).toBe(1);
  });

  it('reads on past a line of 3,000 nested lists: the reason on stderr, the valid event on stdout, exit 0', async () => {
    // Prepare
    const file = join(dir, 'deep.jsonl');
    const exec = auditEvent({
      objectRef: { resource: 'pods', subresource: 'exec', namespace: 'a', name: 'p' },
      responseStatus: { code: 101 },
    });
    writeFileSync(file, `${'['.repeat(3000)}${']'.repeat(3000)}\n${JSON.stringify(exec)}\n`);

    // Act
    const { code, stdout, stderr } = await classify(['--cluster', 'prod', file]);

    // Assess
    expect(code).toBe(0);
    expect(stderr).toContain('deep.jsonl:1#0: lists nested deeper than 4 levels');
    expect(stdout).toContain('"rule":"pod-exec"');
  });

  it('prints one JSON line per signal from files and reports the malformed line on stderr', async () => {
    // Prepare
    const file = join(dir, 'audit.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify(
          auditEvent({
            verb: 'get',
            objectRef: { resource: 'secrets', namespace: 'a', name: 's' },
            responseStatus: { code: 200 },
          }),
        ),
        'garbage',
        JSON.stringify(
          auditEvent({
            verb: 'get',
            objectRef: { resource: 'pods', namespace: 'a', name: 'p' },
            responseStatus: { code: 200 },
          }),
        ),
      ].join('\n'),
    );
    // Act
    const plain = await classify(['--cluster', 'prod', file]);
    const all = await classify(['--all', '--cluster', 'prod', file]);
    // Assess
    expect(plain.code).toBe(0);
    const signals = plain.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      rule: 'secret-read-by-human',
      cluster: 'prod',
      source: 'eks-audit',
      resource: { resource: 'secrets', namespace: 'a', name: 's' },
      actor: { username: 'jane@example.com' },
    });
    for (const key of ['title', 'severity', 'category', 'component', 'team', 'fingerprint', 'occurredAt', 'runbook'])
      expect(signals[0]).toHaveProperty(key);
    expect(plain.stderr).toContain(`${file}:2: not valid JSON`);
    expect(
      all.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).rule),
    ).toEqual(['secret-read-by-human', null]);
  }, 180_000);

  it('reads stdin and raw lines with --stream, and exits 2 on wrong usage', async () => {
    const fromStdin = await cli(
      ['classify', '--stream', 'authenticator'],
      'level=warning msg="access denied" arn="arn:aws:iam::1:role/x" error="ARN is not mapped"\n',
    );
    expect(JSON.parse(fromStdin.stdout).rule).toBe('authenticator-arn-not-mapped');
    await expect(classify(['--stream', 'nope'])).rejects.toThrow(UsageError);
    const wrong = await cli(['classify', '--bogus']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^watchkeeper: .*bogus[\s\S]*usage: watchkeeper/);
  }, 180_000);
});
