import { Capture } from '../helpers/capture.ts';
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayCommand } from '../../local/cli/replay-command.ts';
import { UsageError } from '../../local/cli/usage-error.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import { auditEvent, podCreate } from '../helpers/audit-event.ts';

const dir = mkdtempSync(join(tmpdir(), 'wk-replay-'));
const files = [
  [
    'exec.jsonl',
    [
      auditEvent({
        objectRef: { resource: 'pods', subresource: 'exec', namespace: 'a', name: 'p' },
        responseStatus: { code: 101 },
      }),
      auditEvent({
        objectRef: { resource: 'pods', subresource: 'exec', namespace: 'a', name: 'q' },
        responseStatus: { code: 101 },
      }),
    ]
      .map((e) => JSON.stringify(e))
      .join('\n'),
  ],
  [
    'privileged.json',
    JSON.stringify(
      subscriptionEvent('prod', 'kube-apiserver-audit-1', [
        {
          timestamp: 1,
          message: JSON.stringify(
            podCreate({ containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] }),
          ),
        },
      ]),
    ),
  ],
  ['broken.json', '{"kind": 0}'],
].map(([name, text]) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
});

async function replay(args: string[]) {
  const out = new Capture();
  const err = new Capture();
  await replayCommand([...args, '--json', '--cluster', 'lab', ...files], out, err);
  return { summary: JSON.parse(out.text.trim().split('\n').pop()!), stderr: err.text };
}

describe('watchkeeper replay', () => {
  it('prints the contract summary, and --repeat 3 changes none of the counts that redelivery must not change', async () => {
    // Act
    const once = await replay([]);
    const thrice = await replay(['--repeat', '3']);
    // Assess
    expect(once.summary).toMatchObject({ events: 4, signals: 3, incidents: 2, occurrences: 3, quarantined: 1 });
    // The privileged pod (high) pages every tier and the last resort, day or night.
    expect(once.summary.notifications).toBeGreaterThanOrEqual(4);
    expect(thrice.summary).toMatchObject({ events: 12, signals: 9, incidents: 2, occurrences: 3, quarantined: 1 });
    expect(thrice.summary.notifications).toBe(once.summary.notifications);
    expect(thrice.summary.storeWrites).toBe(once.summary.storeWrites);
    expect(once.stderr).toContain('broken.json');
  });

  it('pages for a cluster-admin binding and not for an unprivileged pod', async () => {
    const binding = join(dir, 'binding.jsonl');
    writeFileSync(
      binding,
      JSON.stringify(
        auditEvent({
          objectRef: { resource: 'clusterrolebindings', name: 'ci-admin' },
          requestObject: {
            roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
            subjects: [{ kind: 'User', name: 'ci' }],
          },
        }),
      ),
    );
    const pod = join(dir, 'pod.jsonl');
    writeFileSync(pod, JSON.stringify(podCreate({})));
    const run = async (file: string) => {
      const out = new Capture();
      await replayCommand(['--json', file], out, new Capture());
      return JSON.parse(out.text.trim().split('\n').pop()!);
    };
    expect((await run(binding)).notifications).toBe(4);
    expect(await run(pod)).toMatchObject({ incidents: 0, notifications: 0 });
  });

  it('rejects a bad --repeat as a usage error', async () => {
    await expect(replayCommand(['--repeat', '0'], new Capture(), new Capture())).rejects.toThrow(UsageError);
  });
});
