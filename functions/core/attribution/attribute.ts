import type { Signal } from '../rules/signal.ts';
import type { RawLogEvent } from '../sources/types.ts';
import { identitiesOf } from '../sources/registry.ts';
import { identityKeys, needsIdentity, withIdentity } from './identity.ts';
import { attributedActor, changeBehind, controllerCreation } from './owner.ts';
import type { ChangeSink } from '../changes/change.ts';
import type { IdentitySink } from './ports.ts';

/** A controller's creation is attributed to a change to its workload at most this long before. */
export const ATTRIBUTION_WINDOW_MS = 60 * 60_000;

/** Where attribution looks things up. */
export interface AttributionPorts {
  readonly identities?: IdentitySink;
  readonly changes?: ChangeSink;
}

/**
 * Who really did it. Identities the delivery's authenticator lines teach are kept; actors without
 * an IAM principal get the one an authenticator line named for their uid or username; pods and
 * ReplicaSets created by a workload controller are attributed to the person whose change to the
 * owning workload preceded them. Reads only, except for new or changed identities.
 */
export async function attributeSignals(
  signals: readonly Signal[],
  events: readonly RawLogEvent[],
  ports: AttributionPorts,
): Promise<Signal[]> {
  const taught = identitiesOf(events);
  if (taught.length > 0 && ports.identities) await ports.identities.record(taught);
  let out = [...signals];
  if (ports.identities) out = await withIdentities(out, ports.identities);
  if (ports.changes) out = await withChangeAuthors(out, ports.changes);
  return out;
}

async function withIdentities(signals: Signal[], identities: IdentitySink): Promise<Signal[]> {
  const wanted = new Map<string, Set<string>>();
  for (const s of signals) {
    if (!needsIdentity(s.actor)) continue;
    const keys = wanted.get(s.cluster) ?? new Set<string>();
    for (const key of identityKeys({ uid: s.actor.uid, username: s.actor.username })) keys.add(key);
    wanted.set(s.cluster, keys);
  }
  if (wanted.size === 0) return signals;
  const found = new Map(
    await Promise.all(
      [...wanted].map(async ([cluster, keys]) => [cluster, await identities.lookup(cluster, [...keys])] as const),
    ),
  );
  return signals.map((s) => {
    const known = found.get(s.cluster);
    if (!known || known.size === 0 || !needsIdentity(s.actor)) return s;
    const actor = withIdentity(s.actor, known);
    return actor === s.actor ? s : { ...s, actor };
  });
}

async function withChangeAuthors(signals: Signal[], changes: ChangeSink): Promise<Signal[]> {
  const creations = signals.map(controllerCreation);
  const clusters = new Set(signals.filter((_, i) => creations[i]).map((s) => s.cluster));
  if (clusters.size === 0) return signals;
  const recent = new Map<string, Awaited<ReturnType<ChangeSink['between']>>>();
  for (const cluster of clusters) {
    const times = signals.filter((s, i) => s.cluster === cluster && creations[i]).map((s) => Date.parse(s.occurredAt));
    const from = new Date(Math.min(...times) - ATTRIBUTION_WINDOW_MS).toISOString();
    const to = new Date(Math.max(...times)).toISOString();
    recent.set(cluster, await changes.between(cluster, from, to, 500));
  }
  return signals.map((s, i) => {
    const creation = creations[i];
    const change = creation && changeBehind(creation, recent.get(s.cluster) ?? []);
    return creation && change ? { ...s, actor: attributedActor(creation, change) } : s;
  });
}
