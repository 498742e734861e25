import type { AckNonceStore } from '../adapters/ack-nonce-store.ts';
import type { AlertStore } from '../adapters/alert-store.ts';
import type { ChangeStore } from '../adapters/change-store.ts';
import type { IdentityStore } from '../adapters/identity-store.ts';
import type { IncidentStore } from '../adapters/incident-store.ts';
import type { Lister } from '../adapters/lister.ts';
import type { ResolutionReader } from '../adapters/resolution-reader.ts';
import type { FileRunbooks } from '../adapters/runbooks.ts';
import type { SilenceStore } from '../adapters/silence-store.ts';
import type { RemediationService } from '../core/actions/remediation.ts';
import type { AlertPolicy } from '../core/alerts/policy.ts';
import type { Alert } from '../core/alerts/types.ts';
import type { EscalationStarter } from '../core/escalation/ports.ts';
import type { Incident } from '../core/incidents/types.ts';
import type { Notifier } from '../core/notifications/ports.ts';
import type { Rule } from '../core/rules/rule-schema.ts';

/** What the API reads and writes through. */
export interface ApiDeps {
  readonly alerts: AlertStore;
  readonly alertLister: Lister<Alert>;
  readonly incidents: IncidentStore;
  readonly incidentLister: Lister<Incident>;
  readonly silences: SilenceStore;
  readonly nonces: AckNonceStore;
  readonly runbooks: FileRunbooks;
  readonly changes: ChangeStore;
  /** Who is who (authenticator lines): names the IAM principal of actors an event did not. */
  readonly identities: IdentityStore;
  /** What resolved incidents left behind, for insights. */
  readonly resolutions: ResolutionReader;
  readonly notifier: Notifier;
  /** Starts the escalation of an incident that a merge or split made page. */
  readonly escalation?: EscalationStarter;
  readonly rules: readonly Rule[];
  /** Clusters from configuration, shown in the summary even when all is well. */
  readonly clusters: readonly string[];
  /** The console's address: incidents link to their page there. */
  readonly consoleUrl?: string;
  /** Teams with a defect tracker: their incidents' reviews can be filed there. */
  readonly trackerTeams: readonly string[];
  /** Actions of incidents: dry runs and decisions (the remediation workflow runs them). */
  readonly remediation?: RemediationService;
  readonly policy: AlertPolicy;
  /** HMAC key of acknowledgement links (and, derived, of cursors). */
  ackKey(): Promise<string>;
  readonly clock: () => number;
}
