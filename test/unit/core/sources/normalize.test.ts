import { describe, expect, it } from '@jest/globals';
import { parseKlog } from '../../../../functions/core/sources/klog.ts';
import { parseLogfmt } from '../../../../functions/core/sources/logfmt.ts';
import { normalizeRecord } from '../../../../functions/core/sources/registry.ts';
import { InvalidInputError } from '../../../../functions/core/sources/errors.ts';
import { auditEvent, podCreate, rawAudit, rawLine } from '../../../helpers/audit-event.ts';

describe('audit normalization', () => {
  it('reads the EKS IAM identity, source IPs, response code and decision', () => {
    const candidate = normalizeRecord(rawAudit(auditEvent()))!;
    expect(candidate.actor).toMatchObject({
      username: 'jane@example.com',
      arn: 'arn:aws:sts::111122223333:assumed-role/dev/jane',
      accessKeyId: 'ASIAEXAMPLE',
      sessionName: 'jane',
      sourceIPs: ['198.51.100.7'],
    });
    expect(candidate.facts).toMatchObject({
      verb: 'create',
      resource: 'pods',
      responseCode: 201,
      decision: 'allow',
      'user.kind': 'human',
    });
    expect(candidate.occurredAt).toBe('2026-11-24T02:00:00.100Z');
  });

  it('reads pod security facts from every container, init and ephemeral included', () => {
    const candidate = normalizeRecord(
      rawAudit(
        podCreate({
          hostNetwork: true,
          hostPID: true,
          initContainers: [
            {
              name: 'i',
              image: 'busybox',
              securityContext: { privileged: true, capabilities: { add: ['sys_admin'] } },
            },
          ],
          volumes: [
            { name: 'v', hostPath: { path: '/var/run/docker.sock' } },
            { name: 'w', hostPath: { path: '/data' } },
          ],
        }),
      ),
    )!;
    expect(candidate.facts).toMatchObject({
      'pod.privileged': true,
      'pod.hostNetwork': true,
      'pod.hostPID': true,
      'pod.hostIPC': false,
      'pod.capabilities': ['SYS_ADMIN'],
      'pod.hostPaths': ['/var/run/docker.sock', '/data'],
      'pod.sensitiveHostPaths': ['/var/run/docker.sock'],
    });
  });

  it('reads role rules, binding subjects and ConfigMap key names', () => {
    const role = normalizeRecord(
      rawAudit(
        auditEvent({
          objectRef: { resource: 'clusterroles', name: 'r' },
          requestObject: { rules: [{ verbs: ['get', '*'], resources: ['pods/exec'], apiGroups: [''] }] },
        }),
      ),
    )!;
    expect(role.facts).toMatchObject({ 'role.verbs': ['get', '*'], 'role.resources': ['pods/exec'] });
    const binding = normalizeRecord(
      rawAudit(
        auditEvent({
          objectRef: { resource: 'rolebindings', namespace: 'ns', name: 'b' },
          requestObject: {
            roleRef: { kind: 'ClusterRole', name: 'admin' },
            subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'ns' }],
          },
        }),
      ),
    )!;
    expect(binding.facts).toMatchObject({
      'binding.roleRef': 'admin',
      'binding.subjects': ['ServiceAccount:ns:default'],
      'binding.defaultServiceAccount': true,
    });
    const cm = normalizeRecord(
      rawAudit(
        auditEvent({
          objectRef: { resource: 'configmaps', namespace: 'ns', name: 'c' },
          requestObject: { data: { 'db.properties': 'password=hunter2', color: 'blue' } },
        }),
      ),
    )!;
    expect(cm.facts).toMatchObject({
      'configmap.keys': ['db.properties', 'color'],
      'configmap.credentialKeys': ['db.properties'],
    });
  });

  it('skips the RequestReceived stage and rejects events without a verb', () => {
    expect(normalizeRecord(rawAudit(auditEvent({ stage: 'RequestReceived' })))).toBeUndefined();
    expect(() => normalizeRecord(rawAudit(auditEvent({ verb: undefined })))).toThrow(InvalidInputError);
  });

  it('uses the auditID, not the stage, as the event id', () => {
    const event = auditEvent({ stage: 'ResponseStarted' });
    expect(normalizeRecord(rawAudit(event))!.eventId).toBe(
      normalizeRecord(rawAudit({ ...event, stage: 'ResponseComplete' }))!.eventId,
    );
  });
});

describe('authenticator and klog normalization', () => {
  it('parses logfmt with quoted, escaped and bare values', () => {
    expect(
      parseLogfmt(
        'time="2022-12-26T20:46:48Z" level=warning msg="access denied" error="Body: {\\"Code\\":\\"X\\"}" method=POST',
      ),
    ).toEqual({
      time: '2022-12-26T20:46:48Z',
      level: 'warning',
      msg: 'access denied',
      error: 'Body: {"Code":"X"}',
      method: 'POST',
    });
  });

  it('normalizes an authenticator line with ARN, username, access key and its own time', () => {
    const candidate = normalizeRecord(
      rawLine(
        'authenticator',
        'time="2022-10-11T18:10:41Z" level=info msg="STS response" accesskeyid=ASIAW5Y4 arn="arn:aws:sts::47:assumed-role/devops/gkan" session=gkan username=gkan',
      ),
    )!;
    expect(candidate.source).toBe('eks-authenticator');
    expect(candidate.actor).toMatchObject({
      arn: 'arn:aws:sts::47:assumed-role/devops/gkan',
      accessKeyId: 'ASIAW5Y4',
      sessionName: 'gkan',
      username: 'gkan',
    });
    expect(candidate.occurredAt).toBe('2022-10-11T18:10:41.000Z');
  });

  it('parses plain and structured klog lines', () => {
    expect(parseKlog('E0523 14:02:11.123456      12 status.go:71] etcdserver: request timed out')).toMatchObject({
      level: 'E',
      time: '0523 14:02:11.123456',
      thread: '12',
      file: 'status.go:71',
      message: 'etcdserver: request timed out',
    });
    const structured = parseKlog(
      'I1124 02:15:40.201234      10 schedule_one.go:1049] "Unable to schedule pod; no fit; waiting" pod="batch/report-1" err="0/3 nodes are available"',
    );
    expect(structured).toMatchObject({
      message: 'Unable to schedule pod; no fit; waiting',
      fields: { pod: 'batch/report-1', err: '0/3 nodes are available' },
    });
  });

  it('takes the pod of a structured scheduler line as the resource', () => {
    const candidate = normalizeRecord(
      rawLine(
        'scheduler',
        'I1124 02:15:40.201234      10 schedule_one.go:1049] "Unable to schedule pod; no fit; waiting" pod="batch/report-1"',
      ),
    )!;
    expect(candidate).toMatchObject({
      source: 'eks-scheduler',
      resource: { kind: 'Pod', namespace: 'batch', name: 'report-1' },
      facts: { level: 'info' },
    });
  });
});
