import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsLauncher } from '../adapters/sfn-launcher.ts';
import type { WorkflowLauncher } from '../core/escalation/escalation-service.ts';
import { env } from './env.ts';
import { once } from './once.ts';
import { traced } from './powertools.ts';

/**
 * The Step Functions launcher of the escalation workflow, built once per execution environment. A
 * module of its own: the sweeper starts escalations without bundling ingestion (rules, sources).
 */
export const lambdaLauncher = /* @__PURE__ */ once(
  (): WorkflowLauncher => new StepFunctionsLauncher(traced(new SFNClient({})), env.stateMachineArn()),
);
