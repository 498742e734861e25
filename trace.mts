import { parseConfig } from '/work/main/lib/load-config.ts';
import { LocalRuntime } from '/work/main/local/runtime.ts';
import { crowdedScenario } from '/work/main/local/demo/crowded-scenario.ts';
const rt = await LocalRuntime.start({ config: parseConfig({}), escalation: true });
for (const input of crowdedScenario()) {
  const s = await rt.deliver(input);
  console.error(JSON.stringify(s).slice(0, 300));
}
await rt.settle();
for (const i of await rt.currentIncidents())
  console.error(
    i.policy,
    i.subject,
    i.mergedInto ?? '',
    i.status,
    i.alerts
      .map((a) => a.rule)
      .sort()
      .join(','),
  );
console.error(
  'first pages',
  rt.outbox.firstPages,
  [...rt.quarantine.records.values()].map((r) => r.reason),
);
await rt.close();
