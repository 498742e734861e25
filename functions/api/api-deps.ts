import { AckNonceStore } from '../adapters/ack-nonce-store.ts';
import { ChangeStore } from '../adapters/change-store.ts';
import { AlertLister } from '../adapters/alert-list.ts';
import { AlertStore } from '../adapters/alert-store.ts';
import { FileRunbooks } from '../adapters/runbooks.ts';
import { SilenceStore } from '../adapters/silence-store.ts';
import type { Notifier } from '../core/escalation/ports.ts';
import { loadRules } from '../core/rules/catalogue.ts';
import type { Rule } from '../core/rules/rule-schema.ts';
import { env } from '../shared/env.ts';
import { once } from '../shared/once.ts';
import type { Platform } from '../shared/platform.ts';
import { lambdaAckKey, lambdaNotifier, lambdaPlatform } from '../shared/platform.ts';
import type { IncidentApiDeps } from './incident-api.ts';

/** What the API needs besides the platform. */
export interface ApiOptions {
  readonly rules: readonly Rule[];
  readonly notifier: Notifier;
  /** Folder of the runbooks (`<rule id>.md`). */
  readonly runbookDir: string;
  /** Configured clusters, shown in the summary even when all is well. */
  readonly clusters: readonly string[];
  /** HMAC key of acknowledgement links and cursors. */
  readonly ackKey: () => Promise<string>;
}

/** The API's dependencies, Lambda and local alike. */
export function apiDeps(platform: Platform, options: ApiOptions): IncidentApiDeps {
  const { doc, tableName, policy, clock } = platform;
  return {
    store: new AlertStore(doc, tableName, policy, clock),
    lister: new AlertLister(doc, tableName),
    silences: new SilenceStore(doc, tableName),
    nonces: new AckNonceStore(doc, tableName),
    runbooks: new FileRunbooks(options.runbookDir),
    changes: new ChangeStore(doc, tableName),
    notifier: options.notifier,
    rules: options.rules,
    clusters: options.clusters,
    policy,
    ackKey: options.ackKey,
    clock,
  };
}

/** The API's dependencies in Lambda, built once per execution environment. */
export const lambdaApiDeps = /* @__PURE__ */ once(() =>
  apiDeps(lambdaPlatform(), {
    rules: loadRules(env.ruleOverrides()),
    notifier: lambdaNotifier(),
    runbookDir: env.runbookDir(),
    clusters: Object.keys(env.escalationConfig().clusterSlaTiers),
    ackKey: lambdaAckKey(),
  }),
);
