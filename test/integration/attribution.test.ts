import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { auditLine } from '../../local/demo/builders.ts';
import type { LogLine } from '../../local/demo/subscription.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { request } from '../helpers/http.ts';

// Who really did it, through the real handlers, dynalite and the API over HTTP. The authenticator
// lines follow the shapes EKS writes (logfmt: "access granted" with uid and username, "STS
// response" with the access key, "mapping IAM role"); the audit events lack `user.extra`, as they
// do for identities mapped through aws-auth on older clusters.
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const at = (seconds: number) => NOW - 10 * 60_000 + seconds * 1000;
const time = (seconds: number) => new Date(at(seconds)).toISOString().replace(/\.\d+Z$/, 'Z');

let runtime: LocalRuntime;
let server: ApiServer;
beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), clock: () => NOW, escalation: false });
  server = await runtime.serve({ port: 0 });
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

let firstId = 0n;
const deliver = (cluster: string, stream: string, lines: LogLine[]) => {
  firstId += 1000n;
  return runtime.deliver({
    file: `${cluster}-${stream}.json`,
    text: JSON.stringify(subscriptionEvent(cluster, stream, lines, firstId)),
  });
};

const ROLE = 'arn:aws:iam::111122223333:role/platform-admin';
const UID = 'aws-iam-authenticator:111122223333:AROAEXAMPLEID000009';
const authenticatorLines = (): LogLine[] => [
  {
    timestamp: at(0),
    message: `time="${time(0)}" level=info msg="mapping IAM role" groups="[]" role="arn:aws:iam::111122223333:role/eks-NodeManagerRole-X1" username="eks:node-manager"`,
  },
  {
    timestamp: at(1),
    message: `time="${time(1)}" level=info msg="STS response" accesskeyid=ASIAEXAMPLEKEY000009 accountid=111122223333 arn="arn:aws:sts::111122223333:assumed-role/platform-admin/ops" client="127.0.0.1:36738" method=POST path=/authenticate session=ops userid=AROAEXAMPLEID000009`,
  },
  {
    timestamp: at(2),
    message: `time="${time(2)}" level=info msg="access granted" arn="${ROLE}" client="127.0.0.1:57586" groups="[system:masters]" method=POST path=/authenticate uid="${UID}" username=ops-admin`,
  },
];
/** ops-admin reads a secret: a person, known to the audit log only by Kubernetes username and uid. */
const secretRead = (seconds: number, name: string): LogLine =>
  auditLine(
    at(seconds),
    { username: 'ops-admin', ip: '198.51.100.9', groups: ['system:masters', 'system:authenticated'] },
    'get',
    { resource: 'secrets', namespace: 'payments', name },
    200,
    { user: { username: 'ops-admin', uid: UID, groups: ['system:masters', 'system:authenticated'] } },
  );

const actorsOf = async (cluster: string, rule: string) => {
  const alert = [...runtime.alerts.values()].find((a) => a.cluster === cluster && a.rule === rule);
  expect(alert).toBeDefined();
  const { status, json } = await request(server.url, 'GET', `/alerts/${alert?.id}`);
  expect(status).toBe(200);
  return { stored: alert?.actors ?? [], served: json.actors as Array<Record<string, string>> };
};

describe('attribution of audit events to IAM principals', () => {
  it('gives an audit event without user.extra the IAM ARN an earlier authenticator line named for its uid', async () => {
    await deliver('attr-1', 'authenticator-1', authenticatorLines());
    await deliver('attr-1', 'kube-apiserver-audit-1', [secretRead(30, 'stripe-api-key')]);

    const { stored, served } = await actorsOf('attr-1', 'secret-read-by-human');
    expect(stored[0]).toMatchObject({ username: 'ops-admin', arn: ROLE });
    expect(served[0]).toMatchObject({ username: 'ops-admin', arn: ROLE });
    expect(served[0].via).toContain(`uid ${UID} is ${ROLE}`);
    // The incident is about the principal, not the Kubernetes name.
    const incident = (await runtime.currentIncidents()).find((i) => i.cluster === 'attr-1');
    expect(incident?.subject).toBe(ROLE);
  });

  it('names the principal in the API when the authenticator line arrives after the audit event', async () => {
    await deliver('attr-2', 'kube-apiserver-audit-2', [secretRead(30, 'db-password')]);
    const before = await actorsOf('attr-2', 'secret-read-by-human');
    expect(before.served[0].arn).toBeUndefined();

    await deliver('attr-2', 'authenticator-2', authenticatorLines());

    const after = await actorsOf('attr-2', 'secret-read-by-human');
    expect(after.served[0]).toMatchObject({ username: 'ops-admin', arn: ROLE });
  });

  it('keeps the mappings per cluster: another cluster’s ops-admin stays unnamed', async () => {
    await deliver('attr-3', 'kube-apiserver-audit-3', [secretRead(30, 'other')]);
    const { served } = await actorsOf('attr-3', 'secret-read-by-human');
    expect(served[0].arn).toBeUndefined();
  });
});

describe('attribution of controller-created pods', () => {
  it('names the person whose change to the workload preceded the pod, and groups the pod with them', async () => {
    const jane = {
      username: 'jane@example.com',
      ip: '198.51.100.7',
      arn: 'arn:aws:sts::111122223333:assumed-role/platform-admin/jane@example.com',
    };
    const patch = auditLine(
      at(0),
      jane,
      'patch',
      { resource: 'deployments', namespace: 'tools', name: 'debug', apiGroup: 'apps' },
      200,
    );
    const execByJane = auditLine(
      at(10),
      jane,
      'create',
      { resource: 'pods', subresource: 'exec', namespace: 'payments', name: 'api-0' },
      101,
    );
    const podByController = auditLine(
      at(60),
      {
        username: 'system:serviceaccount:kube-system:replicaset-controller',
        ip: '10.0.1.23',
        groups: ['system:serviceaccounts'],
      },
      'create',
      { resource: 'pods', namespace: 'tools' },
      201,
      {
        requestObject: {
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: {
            generateName: 'debug-6b7c9d-',
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'debug-6b7c9d', controller: true }],
          },
          spec: { containers: [{ name: 'debug', image: 'alpine:3.20', securityContext: { privileged: true } }] },
        },
      },
    );

    await deliver('attr-4', 'kube-apiserver-audit-4', [patch, execByJane, podByController]);

    const { served } = await actorsOf('attr-4', 'privileged-pod-created');
    expect(served[0].via).toMatch(
      /^created by replicaset-controller for Deployment tools\/debug, changed \(patch\) by .*jane@example\.com at /,
    );
    const incidents = (await runtime.currentIncidents()).filter((i) => i.cluster === 'attr-4');
    expect(incidents.map((i) => [i.policy, i.alerts.map((a) => a.rule).sort()])).toEqual([
      ['same-principal', ['pod-exec', 'privileged-pod-created']],
    ]);
  });
});
