/** One request to the cluster's Kubernetes API, exactly as it is sent. */
export interface KubeRequest {
  readonly api: 'kubernetes';
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query, every name encoded. */
  readonly path: string;
  readonly contentType?: string;
  readonly body?: unknown;
  /** Answers that mean it was done before (a retry): 404 for a deletion, 409 for a creation. */
  readonly alreadyDone?: readonly number[];
}

/** One AWS API call, as the SDK command and its input. */
export interface AwsRequest {
  readonly api: 'eks' | 'ssm';
  readonly command: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** A request an action sends. */
export type ActionRequest = KubeRequest | AwsRequest;

/** An answer of the Kubernetes API. */
export interface KubeAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/** What planning may read from the cluster (GET only): it never changes anything. */
export interface KubeReader {
  get(path: string): Promise<KubeAnswer>;
}

/** What an action will send, after the reads that decided it. */
export interface ActionPlan {
  /** The reads made to plan it (GETs). */
  readonly reads: readonly KubeRequest[];
  /** The changes, in order: a dry run shows them, a run sends them. */
  readonly writes: readonly ActionRequest[];
  /** What is kept in the incident before it changes (a removed binding's manifest, collected evidence). */
  readonly kept?: Readonly<Record<string, unknown>>;
  /** What planning found worth saying (pods a drain leaves, an owner resolved). */
  readonly notes: readonly string[];
}

/** An action that cannot be planned: the object is gone, a name is not a Kubernetes name … */
export class ActionPlanError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ActionPlanError';
  }
}
