/**
 * Published on-demand prices (us-east-1, x86, as listed on the AWS pricing pages on 2026-12-07;
 * DynamoDB's since its November 2024 reduction). Other regions differ by a few percent.
 */
export const PRICES = {
  lambdaUsdPerGbSecond: 0.0000166667,
  lambdaUsdPerMillionRequests: 0.2,
  dynamoUsdPerMillionWriteUnits: 0.625,
} as const;

/** What the cost of a million events is computed from (measured, and the deployment's settings). */
export interface CostInputs {
  /** CPU seconds per event, measured (handler, classification, store client; an upper bound: dynalite runs in-process). */
  readonly cpuSecondsPerEvent: number;
  /** DynamoDB write units per event, measured from the request sizes (1 KB each). */
  readonly writeUnitsPerEvent: number;
  /** Events per delivery (one invocation each). */
  readonly eventsPerDelivery: number;
  /** Round trips a delivery waits for DynamoDB, measured, and what one costs in wall time. */
  readonly roundTripsPerDelivery: number;
  readonly roundTripSeconds: number;
  /** The ingest functions' memory. */
  readonly memoryMb: number;
}

/**
 * US dollars per million events for Watchkeeper itself: Lambda duration (CPU work at the memory's
 * share of a vCPU — 1,769 MB is one — plus the wait for DynamoDB), invocations, and DynamoDB writes.
 * Storage, the schedules, pages and the logs themselves are left out (see docs/scale.md).
 */
export function costPerMillionEvents(inputs: CostInputs): { lambda: number; requests: number; dynamo: number } {
  const gb = inputs.memoryMb / 1024;
  const vcpu = Math.min(1, inputs.memoryMb / 1769);
  const deliveries = 1e6 / inputs.eventsPerDelivery;
  const cpuSeconds = (inputs.cpuSecondsPerEvent * 1e6) / vcpu;
  const waitSeconds = deliveries * inputs.roundTripsPerDelivery * inputs.roundTripSeconds;
  return {
    lambda: (cpuSeconds + waitSeconds) * gb * PRICES.lambdaUsdPerGbSecond,
    requests: (deliveries / 1e6) * PRICES.lambdaUsdPerMillionRequests,
    dynamo: inputs.writeUnitsPerEvent * PRICES.dynamoUsdPerMillionWriteUnits,
  };
}
