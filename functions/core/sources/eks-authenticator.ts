import { parseLogfmt } from './logfmt.ts';
import { isoOf } from './read.ts';
import { defineSource } from './source-module.ts';
import type { Identity } from '../attribution/identity.ts';
import type { Actor, Candidate, Fact, RawLogEvent } from './types.ts';

/** Normalize an aws-iam-authenticator logfmt line. */
export function normalizeAuthenticatorLine(raw: RawLogEvent): Candidate {
  const kv = parseLogfmt(raw.message);
  const message = [kv.msg, kv.error].filter(Boolean).join(': ') || raw.message;
  const arn = kv.arn || kv.role || kv.user || undefined;
  const actor: Actor | undefined =
    arn || kv.username
      ? {
          username: kv.username ?? '',
          arn,
          accessKeyId: kv.accesskeyid || undefined,
          sessionName: kv.session || undefined,
        }
      : undefined;
  const facts: Record<string, Fact> = {
    level: kv.level ?? 'info',
    msg: kv.msg ?? '',
    error: kv.error || undefined,
    arn,
    'user.name': kv.username,
  };
  const when = kv.time ? Date.parse(kv.time) : NaN;
  return {
    source: 'eks-authenticator',
    cluster: raw.cluster,
    eventId: raw.id,
    occurredAt: isoOf(Number.isNaN(when) ? undefined : when, raw.timestamp),
    actor,
    resource: arn ? { kind: 'IAMPrincipal', name: arn } : undefined,
    message,
    facts,
  };
}

/** Lines that say which IAM principal a Kubernetes user is: granted access, STS answers, the aws-auth mappings. */
const IDENTITY_LINES = /^(access granted|STS response|mapping IAM (role|user))$/;

/** Who is who, from an authenticator line: the ARN with the username, uid or access key it maps to. */
export function authenticatorIdentity(raw: RawLogEvent): Identity | undefined {
  const kv = parseLogfmt(raw.message);
  const arn = kv.arn || kv.role || kv.user;
  if (!arn?.startsWith('arn:aws') || !IDENTITY_LINES.test(kv.msg ?? '')) return undefined;
  const identity = {
    username: kv.username || undefined,
    uid: kv.uid || undefined,
    accessKeyId: kv.accesskeyid || undefined,
  };
  if (!identity.username && !identity.uid && !identity.accessKeyId) return undefined;
  const when = kv.time ? Date.parse(kv.time) : Number.NaN;
  return { cluster: raw.cluster, arn, ...identity, at: isoOf(Number.isNaN(when) ? undefined : when, raw.timestamp) };
}

/** The AWS IAM authenticator of the EKS control plane: `authenticator-*` streams (logfmt). */
export const eksAuthenticator = defineSource({
  source: 'eks-authenticator',
  kind: 'authenticator',
  logStreamPrefix: 'authenticator',
  normalize: normalizeAuthenticatorLine,
  identity: authenticatorIdentity,
});
