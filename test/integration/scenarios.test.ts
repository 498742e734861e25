import { afterAll, describe, expect, it } from '@jest/globals';
import type { ExpectedIncident } from '../../local/demo/expected-incident.ts';
import { SCENARIOS } from '../../local/demo/scenarios.ts';
import { loadConfigFile } from '../../lib/load-config.ts';
import { LocalRuntime } from '../../local/runtime.ts';

// Each bundled scenario through the whole local pipeline as `npm start` runs it: the default
// configuration, dynalite, the synthesized state machine. The incidents written beside a scenario
// are what a responder should get; this holds the pipeline to them.
const NOW = Date.parse('2026-11-24T03:00:00Z');
const runtimes: LocalRuntime[] = [];
afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
});

/** An incident as the expectations describe it. */
const described = (incident: {
  policy: string;
  subject?: string;
  namespace?: string;
  alerts: ReadonlyArray<{ rule: string }>;
}): ExpectedIncident => ({
  situation: '',
  policy: incident.policy,
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
    expect(incidents.map(described).sort(byRules)).toEqual(
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
