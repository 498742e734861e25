import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signAckToken } from '../../functions/core/escalation/ack-token.ts';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import type { Incident } from '../../functions/core/incidents/types.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { assertContract } from '../helpers/contract.ts';
import { request } from '../helpers/http.ts';
import { signal } from '../helpers/signal.ts';

// Actions through the whole path: ingestion proposes them, the remediation workflow (the definition
// the stack deploys, run by aws-local-stepfunctions) runs or waits, people decide over the API on
// HTTP, and the requests reach the runtime's Kubernetes API.
let now = Date.parse('2026-12-02T10:00:00Z');
let runtime: LocalRuntime;
let server: ApiServer;

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    config: parseConfig({}),
    escalation: false,
    clock: () => now,
    approvalPollMs: 20,
  });
  server = await runtime.serve({ port: 0 });
  const k = runtime.kubernetes;
  k.putDeployment('payments', 'api', { revisions: [{ hash: '7d9f8c6b5', replicas: 3 }], pods: ['x2kqp'] });
  for (const name of ['backdoor', 'sidedoor', 'trapdoor', 'lockdoor'])
    k.put(`/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`, {
      metadata: { name },
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
    });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await runtime?.close();
});

const api = async (method: string, path: string, body?: unknown) => {
  const answer = await request(server.url, method, path, body);
  assertContract(method, path, answer.status, answer.json);
  return answer;
};
const writes = () => runtime.kubernetes.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
const incidentOf = async (fingerprint: string): Promise<Incident> => {
  const found = (await runtime.currentIncidents()).find((i) => i.alerts.some((a) => a.id.startsWith(fingerprint)));
  if (!found) throw new Error(`no incident of ${fingerprint}`);
  return runtime.incidentStore.get(found.id);
};
const binding = (name: string) =>
  storeSignals(
    [
      signal({
        rule: 'cluster-admin-binding',
        category: 'security',
        team: 'security',
        severity: 'high',
        source: 'eks-audit',
        fingerprint: `fpBinding${name}`,
        resource: { resource: 'clusterrolebindings', name },
        actor: { username: `mallory-${name}` },
        evidence: { 'binding.roleRef': 'cluster-admin' },
      }),
    ],
    runtime.deps,
  );

describe('actions through the remediation workflow', () => {
  it('collects evidence at once, and restarts the workload only when approved, once', async () => {
    await storeSignals(
      [
        signal({
          fingerprint: 'fpCrashWorkflow1',
          resource: { kind: 'Pod', namespace: 'payments', name: 'api-7d9f8c6b5-x2kqp' },
          evidence: { 'event.reason': 'BackOff', 'event.involvedName': 'api-7d9f8c6b5-x2kqp' },
        }),
      ],
      runtime.deps,
    );
    await runtime.settle();
    const incident = await incidentOf('fpCrashWorkflow1');
    const listed = await api('GET', `/incidents/${incident.id}/actions`);
    expect(listed.json.items.map((a: { kind: string; status: string }) => [a.kind, a.status])).toEqual([
      ['collect-evidence', 'succeeded'],
      ['restart-workload', 'suggested'],
      ['scale-workload', 'suggested'],
    ]);
    expect(listed.json.items[1].description).toBe('Rollout-restart api-7d9f8c6b5-x2kqp in payments');
    expect(writes()).toEqual([]);

    const dry = await api('GET', `/incidents/${incident.id}/actions/a2/plan`);
    expect(dry.status).toBe(200);
    expect(dry.json.writes).toEqual([
      expect.objectContaining({ method: 'PATCH', path: '/apis/apps/v1/namespaces/payments/deployments/api' }),
    ]);
    expect(writes()).toEqual([]);

    const [first, second] = await Promise.all([
      api('POST', `/incidents/${incident.id}/actions/a2/approve`),
      api('POST', `/incidents/${incident.id}/actions/a2/approve`),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.json.executionId).toBe(first.json.executionId);
    await runtime.settle();
    expect(writes()).toEqual(['PATCH /apis/apps/v1/namespaces/payments/deployments/api']);
    const after = await api('GET', `/incidents/${incident.id}/actions`);
    expect(after.json.items[1]).toMatchObject({ status: 'succeeded', decidedBy: expect.any(String) });
    const timeline = await api('GET', `/incidents/${incident.id}/timeline`);
    const texts = timeline.json.items
      .filter((e: { kind: string }) => e.kind === 'action')
      .map((e: { text: string }) => e.text);
    // All at one local instant: the order within it is the store's, so compare as a set.
    expect(texts).toHaveLength(4);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Actions: Collect the recent events and the description of Pod api-7d9f8c6b5-x2kqp in payments into the incident (approved); Rollout-restart api-7d9f8c6b5-x2kqp in payments (suggested); ' +
          "Scale api-7d9f8c6b5-x2kqp in payments to its previous revision's number of replicas (suggested)",
        expect.stringMatching(
          /^Done: Collect the recent events .* \(2 requests|^Done: Collect the recent events .* \(0 requests/,
        ),
        'Approved: Rollout-restart api-7d9f8c6b5-x2kqp in payments',
        expect.stringMatching(
          /^Done: Rollout-restart api-7d9f8c6b5-x2kqp in payments \(1 requests, \d+ ms, approved by /,
        ),
      ]),
    );
  });

  it('waits for an approval, then removes the binding once it is given', async () => {
    await binding('backdoor');
    const incident = await incidentOf('fpBindingbackdoor');
    expect(incident.actions?.map((a) => a.status)).toEqual(['awaiting-approval']);
    const name = [...runtime.remediation.executions.keys()].find((n) =>
      n.startsWith(incident.id.replace(/[^\w-]/g, '_')),
    );
    // The workflow looks, and waits, until someone decides.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(writes().filter((w) => w.includes('backdoor'))).toEqual([]);
    expect((await api('POST', `/incidents/${incident.id}/actions/a1/approve`)).status).toBe(200);
    const execution = await runtime.remediation.finished(name ?? '');
    expect(execution?.states).toContain('Run the action');
    expect(writes().filter((w) => w.includes('backdoor'))).toEqual([
      'DELETE /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/backdoor',
    ]);
  });

  it('is approved from the signed link in the page: the page shows the plan, a second click sends nothing', async () => {
    await binding('lockdoor');
    const incident = await incidentOf('fpBindinglockdoor');
    const expires = Math.floor(now / 1000) + 3600;
    const token = signAckToken(incident.id, 'security tier 1', expires, runtime.ackKey, undefined, 'a1');
    const page = await request(server.url, 'GET', `/act/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Remove ClusterRoleBinding lockdoor');
    expect(page.text).toContain('DELETE /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/lockdoor');
    expect(page.text).toContain(`action="/act/${token}/approve"`);
    expect(page.text).toContain(`action="/act/${token}/reject"`);
    // Neither kind of link does the other's work; a forged one does nothing.
    const ackToken = signAckToken(incident.id, 'security tier 1', expires, runtime.ackKey);
    expect((await request(server.url, 'POST', `/act/${ackToken}/approve`)).status).toBe(403);
    expect((await request(server.url, 'POST', `/ack/${token}`)).status).toBe(403);
    const forged = signAckToken(incident.id, 'x', expires, 'not-the-key', undefined, 'a1');
    expect((await request(server.url, 'POST', `/act/${forged}/approve`)).status).toBe(403);
    expect(writes().filter((w) => w.includes('lockdoor'))).toEqual([]);

    const approved = await request(server.url, 'POST', `/act/${token}/approve`, undefined, {
      accept: 'application/json',
    });
    expect(approved.json).toMatchObject({ status: 'approved', decidedBy: 'link (security tier 1)' });
    const again = await request(server.url, 'POST', `/act/${token}/approve`);
    expect(again.status).toBe(200);
    expect(again.text).toMatch(/decided by link \(security tier 1\)/);
    const name = [...runtime.remediation.executions.keys()].find((n) =>
      n.startsWith(incident.id.replace(/[^\w-]/g, '_')),
    );
    await runtime.remediation.finished(name ?? '');
    expect(writes().filter((w) => w.includes('lockdoor'))).toEqual([
      'DELETE /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/lockdoor',
    ]);
  });

  it('sends nothing when the action is rejected or nobody decides in time, and says why', async () => {
    await binding('sidedoor');
    await binding('trapdoor');
    const rejected = await incidentOf('fpBindingsidedoor');
    const ignored = await incidentOf('fpBindingtrapdoor');
    const rejectedAnswer = await api('POST', `/incidents/${rejected.id}/actions/a1/reject`);
    expect(rejectedAnswer.json).toMatchObject({ status: 'rejected' });
    now += 61 * 60_000;
    const ended = (id: string) =>
      runtime.remediation.finished(
        [...runtime.remediation.executions.keys()].find((n) => n.startsWith(id.replace(/[^\w-]/g, '_'))) ?? '',
      );
    expect((await ended(rejected.id))?.states.at(-1)).toBe('Not run');
    expect((await ended(ignored.id))?.states.at(-1)).toBe('Not run');
    expect(writes().filter((w) => w.includes('sidedoor') || w.includes('trapdoor'))).toEqual([]);
    const timeline = await api('GET', `/incidents/${ignored.id}/timeline`);
    expect(timeline.json.items.map((e: { text: string }) => e.text)).toContain(
      'Not run: nobody approved Remove ClusterRoleBinding trapdoor (its manifest is kept in the incident to restore it) by 2026-12-02T11:00:00.000Z',
    );
    expect((await api('POST', `/incidents/${ignored.id}/actions/a1/approve`)).status).toBe(409);
    expect((await api('POST', `/incidents/${ignored.id}/actions/a9/approve`)).status).toBe(404);
    expect((await api('POST', `/incidents/${ignored.id}/actions/..%2Fx/approve`)).status).toBe(404);
  });
});
