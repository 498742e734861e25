import { afterAll, describe, expect, it } from '@jest/globals';
import type { ExpectedIncident } from '../../local/demo/expected-incident.ts';
import type { Scenario } from '../../local/demo/scenarios.ts';
import { SCENARIOS } from '../../local/demo/scenarios.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { request } from '../helpers/http.ts';
import { loadConfigFile } from '../../lib/load-config.ts';
import { LocalRuntime } from '../../local/runtime.ts';

// Each bundled scenario through the whole local pipeline as `npm start` runs it: the default
// configuration, dynalite, the synthesized state machine. The incidents written beside a scenario
// are what a responder should get; this holds the pipeline to them.
const NOW = Date.parse('2026-11-24T03:00:00Z');
const runtimes: LocalRuntime[] = [];
const servers: ApiServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
  for (const runtime of runtimes) await runtime.close();
});

/** An incident as the expectations describe it (its cluster when not the scenario's own). */
const described = (
  incident: {
    policy: string;
    cluster: string;
    subject?: string;
    namespace?: string;
    alerts: ReadonlyArray<{ rule: string }>;
  },
  cluster: string,
): ExpectedIncident => ({
  situation: '',
  policy: incident.policy,
  ...(incident.cluster !== cluster ? { cluster: incident.cluster } : {}),
  ...(incident.policy === 'same-workload' ? { namespace: incident.namespace } : {}),
  ...(incident.subject && incident.policy !== 'alert' && incident.policy !== 'control-plane'
    ? { subject: incident.subject }
    : {}),
  rules: [...new Set(incident.alerts.map((a) => a.rule))].sort(),
});
const byRules = (a: ExpectedIncident, b: ExpectedIncident) =>
  `${a.policy} ${a.rules.join()} ${a.subject}`.localeCompare(`${b.policy} ${b.rules.join()} ${b.subject}`);

describe.each(Object.entries(SCENARIOS))('the %s scenario', (_name, scenario) => {
  it('gives one incident per situation it documents, pages each at most once at tier 1, and loses no alert', async () => {
    // Prepare
    const runtime = await LocalRuntime.start({ config: loadConfigFile(undefined), clock: () => NOW });
    runtimes.push(runtime);

    // Act
    for (const input of scenario.inputs(NOW)) await runtime.deliver(input);
    if (scenario.checksLogSilence) await runtime.checkLogSilence();
    await runtime.settle();

    // Assess: the incidents are the situations
    const incidents = (await runtime.currentIncidents()).filter((i) => !i.mergedInto);
    expect(incidents.map((i) => described(i, scenario.cluster)).sort(byRules)).toEqual(
      scenario.incidents.map((e) => ({ ...e, situation: '' })).sort(byRules),
    );
    expect(runtime.outbox.firstPages).toBeLessThanOrEqual(scenario.incidents.length);
    // Every alert is visible in the incident its item names, and in no other.
    const listed = new Map(incidents.flatMap((i) => i.alerts.map((a) => [a.id, i.id] as const)));
    expect(incidents.flatMap((i) => i.alerts).length).toBe(listed.size);
    const alerts = await runtime.store.getCurrentMany([...runtime.alerts.values()].map((a) => a.fingerprint));
    expect(alerts.size).toBeGreaterThan(0);
    for (const alert of alerts.values())
      expect([alert.rule, listed.get(alert.id)]).toEqual([alert.rule, alert.incidentId]);
  });
});

describe('the bad night’s actions, on its demo cluster as `npm start` serves it', () => {
  it('collects evidence at once, waits for people on the rest, and scales payments/api back when approved', async () => {
    // Prepare
    const runtime = await LocalRuntime.start({
      config: loadConfigFile(undefined),
      clock: () => NOW,
      escalation: false,
      approvalPollMs: 20,
    });
    runtimes.push(runtime);
    const scenario: Scenario = SCENARIOS['bad-night'];
    scenario.objects?.(runtime.kubernetes);
    const server = await runtime.serve({ port: 0 });
    servers.push(server);

    // Act
    for (const input of scenario.inputs(NOW)) await runtime.deliver(input);
    await runtime.settle();

    // Assess: what ran by itself, and what waits
    const incidents = (await runtime.currentIncidents()).filter((i) => !i.mergedInto);
    const actions = incidents.flatMap((i) => (i.actions ?? []).map((a) => ({ incident: i.id, ...a })));
    expect(actions.map((a) => `${a.kind} ${a.status}`).sort()).toEqual([
      'collect-evidence succeeded',
      'collect-evidence succeeded',
      'collect-evidence succeeded',
      'cordon-node suggested',
      'disassociate-access-policy awaiting-approval',
      'drain-node suggested',
      'enable-control-plane-logging succeeded',
      'isolate-pod awaiting-approval',
      'remove-binding awaiting-approval',
      'restart-workload suggested',
      'scale-workload suggested',
    ]);
    const writes = () => runtime.kubernetes.requests.filter((r) => r.method !== 'GET').map((r) => r.path);
    expect(writes()).toEqual([]);
    const scale = actions.find((a) => a.kind === 'scale-workload');
    const dry = await request(server.url, 'GET', `/incidents/${scale?.incident}/actions/${scale?.id}/plan`);
    expect(dry.json.notes).toEqual([
      'pod api-7d9f8c6b5-q8zzt belongs to Deployment api',
      'revision 1 of Deployment api ran 3 replicas (now 2)',
    ]);
    const approved = await request(server.url, 'POST', `/incidents/${scale?.incident}/actions/${scale?.id}/approve`);
    expect(approved.status).toBe(200);
    await runtime.settle();
    expect(writes()).toEqual(['/apis/apps/v1/namespaces/payments/deployments/api/scale']);
    expect(runtime.kubernetes.objects.get('/apis/apps/v1/namespaces/payments/deployments/api')?.spec).toEqual({
      replicas: 3,
    });
  });
});
