import { createHash } from 'node:crypto';
import type { ActionPlan, AwsRequest } from './requests.ts';
import { ActionPlanError } from './requests.ts';

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;
const PRINCIPAL_ARN = /^arn:aws[\w-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
const ACCESS_POLICY_ARN = /^arn:aws[\w-]*:eks::aws:cluster-access-policy\/[A-Za-z0-9]{1,128}$/;
const DOCUMENT = /^[a-zA-Z0-9_\-.:/]{3,128}$/;

/** The execution id as a UUID (SSM's idempotency token must be one): the same id, the same token. */
export function uuidOf(executionId: string): string {
  const h = createHash('sha256').update(executionId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((Number.parseInt(h[16] ?? '0', 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function arn(value: string | undefined, pattern: RegExp, what: string): string {
  if (!value || !pattern.test(value))
    throw new ActionPlanError(`${what} "${(value ?? '').slice(0, 120)}" is not an ARN of the right kind`);
  return value;
}

/** SSM parameters: an object of string lists (`{"InstanceId": ["i-0123"]}`). */
function ssmParameters(json: string | undefined): Record<string, string[]> {
  if (!json) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ActionPlanError('parameters is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ActionPlanError('parameters is not an object of string lists');
  return Object.fromEntries(
    Object.entries(parsed).map(([k, v]) => {
      const values = Array.isArray(v) ? v : [v];
      if (!values.every((x) => typeof x === 'string'))
        throw new ActionPlanError(`parameters.${k} is not a list of strings`);
      return [k, values as string[]];
    }),
  );
}

/**
 * The AWS calls of an action, as SDK commands with their input: EKS on the incident's cluster, SSM
 * Automation. Idempotency tokens come from the execution id: a retry is the same request.
 */
export function planAws(
  kind: string,
  params: Readonly<Record<string, string>>,
  cluster: string,
  executionId: string,
): ActionPlan {
  const one = (request: AwsRequest, notes: string[] = []): ActionPlan => ({ reads: [], writes: [request], notes });
  switch (kind) {
    case 'enable-control-plane-logging': {
      const types = params.types ? params.types.split(',').map((t) => t.trim()) : [...LOG_TYPES];
      const unknown = types.filter((t) => !(LOG_TYPES as readonly string[]).includes(t));
      if (unknown.length > 0)
        throw new ActionPlanError(`unknown log types: ${unknown.join(', ')} (known: ${LOG_TYPES.join(', ')})`);
      return one({
        api: 'eks',
        command: 'UpdateClusterConfig',
        input: {
          name: cluster,
          logging: { clusterLogging: [{ types, enabled: true }] },
          clientRequestToken: executionId.slice(0, 64),
        },
      });
    }
    case 'delete-access-entry':
      return one({
        api: 'eks',
        command: 'DeleteAccessEntry',
        input: { clusterName: cluster, principalArn: arn(params.principalArn, PRINCIPAL_ARN, 'principalArn') },
      });
    case 'disassociate-access-policy':
      return one({
        api: 'eks',
        command: 'DisassociateAccessPolicy',
        input: {
          clusterName: cluster,
          principalArn: arn(params.principalArn, PRINCIPAL_ARN, 'principalArn'),
          policyArn: arn(params.policyArn, ACCESS_POLICY_ARN, 'policyArn'),
        },
      });
    case 'start-ssm-automation': {
      const document = params.document ?? '';
      if (!DOCUMENT.test(document))
        throw new ActionPlanError(`document "${document.slice(0, 80)}" is not an SSM document name`);
      return one(
        {
          api: 'ssm',
          command: 'StartAutomationExecution',
          input: {
            DocumentName: document,
            Parameters: ssmParameters(params.parameters),
            ClientToken: uuidOf(executionId),
          },
        },
        ['waits for the automation to end (GetAutomationExecution)'],
      );
    }
    default:
      throw new ActionPlanError(`${kind} is no AWS action`);
  }
}
