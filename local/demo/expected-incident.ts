/** An incident a bundled scenario should give, written beside the scenario and asserted by a test. */
export interface ExpectedIncident {
  /** What happened, in a responder's words. */
  readonly situation: string;
  /** The correlation policy that groups it (`alert`: an alert alone). */
  readonly policy: string;
  /** Its cluster, when it is not the scenario's own (a spoke's is `<account>/<region>/<name>`). */
  readonly cluster?: string;
  /** The namespace of its leading alert, when it has one that matters. */
  readonly namespace?: string;
  /** What its alerts share besides the cluster and namespace (the principal, the workload). */
  readonly subject?: string;
  /** The rules of its alerts, sorted. */
  readonly rules: readonly string[];
}
