import { Capture } from '../../../helpers/capture.ts';
import { describe, expect, it } from '@jest/globals';
import { redactText } from '../../../../functions/core/redaction/redact-text.ts';
import { classifyCommand } from '../../../../local/cli/classify-command.ts';
import { subscriptionEvent } from '../../../../local/demo/subscription.ts';
import { auditEvent } from '../../../helpers/audit-event.ts';
import { classifier } from '../../../helpers/classifier.ts';
import { decodeInput } from '../../../../functions/core/sources/decode-input.ts';

const CANARY = 'CANARY7f3a9c';
const JWT = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ${CANARY}In0.c2lnbmF0dXJl`;

/** Every path a secret can take into Watchkeeper, each carrying the canary. */
function secretBearingInputs(): string[] {
  const secret = auditEvent({
    verb: 'create',
    objectRef: { resource: 'secrets', namespace: 'kube-system', name: 's' },
    requestObject: {
      kind: 'Secret',
      data: { password: Buffer.from(CANARY).toString('base64'), raw: CANARY },
      stringData: { token: CANARY },
      metadata: {
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"password":"${CANARY}"}}` },
      },
    },
    responseObject: { kind: 'Secret', data: { password: CANARY } },
  });
  const configMap = auditEvent({
    objectRef: { resource: 'configmaps', namespace: 'a', name: 'c' },
    requestObject: {
      data: {
        'db.properties': `password=${CANARY}`,
        'aws.ini': `aws_secret_access_key = ${CANARY}`,
        [`key-${'x'}`]: `${CANARY}`,
      },
    },
  });
  const tokenRequest = auditEvent({
    objectRef: { resource: 'serviceaccounts', subresource: 'token', namespace: 'a', name: 'sa' },
    responseObject: { kind: 'TokenRequest', status: { token: JWT } },
  });
  const uri = auditEvent({
    verb: 'get',
    objectRef: { resource: 'secrets', namespace: 'a', name: 's' },
    requestURI: `/api/v1/namespaces/a/secrets/s?access_token=${CANARY}&token=${CANARY}`,
  });
  const failed = auditEvent({
    verb: 'get',
    objectRef: { resource: 'secrets', namespace: 'a' },
    responseStatus: { code: 403, message: `forbidden: Authorization: Bearer ${CANARY}` },
  });
  const lines = [
    `E1124 02:00:00.000000 1 x.go:1] failed calling webhook "w": Post "https://w?token=${CANARY}": Authorization: Bearer ${CANARY}`,
    `E1124 02:00:00.000000 1 x.go:1] "request failed" err="x509: certificate has expired" header="Authorization: Basic ${CANARY}" token="${JWT}"`,
  ];
  const auth = `time="2026-11-24T02:00:00Z" level=warning msg="access denied" error="token k8s-aws-v1.${CANARY} is expired: password=${CANARY}"`;
  return [
    [secret, configMap, tokenRequest, uri, failed].map((e) => JSON.stringify(e)).join('\n'),
    JSON.stringify(
      subscriptionEvent(
        'c',
        'kube-apiserver-audit-1',
        [secret, configMap, tokenRequest].map((e) => ({ timestamp: 1, message: JSON.stringify(e) })),
      ),
    ),
    JSON.stringify(
      subscriptionEvent(
        'c',
        'kube-apiserver-1',
        lines.map((message) => ({ timestamp: 1, message })),
      ),
    ),
    JSON.stringify(subscriptionEvent('c', 'authenticator-1', [{ timestamp: 1, message: auth }])),
    `{"kind": "Secret", "data": {"k": "${CANARY}"}}`,
  ];
}

describe('secret redaction', () => {
  it.each([
    ['Authorization: Bearer abcdefghijklmnop', 'abcdefghijklmnop'],
    ['/api?access_token=s3cr3tvalue&x=1', 's3cr3tvalue'],
    ['password=hunter2 user=bob', 'hunter2'],
    [`token ${JWT}`, CANARY],
    ['k8s-aws-v1.aHR0cHM6Ly9zdHM', 'aHR0cHM6Ly9zdHM'],
  ])('removes the value from %s', (text, secret) => {
    const redacted = redactText(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[REDACTED]');
  });

  it('lets no canary secret through any path to the classify output, with --all, or to the error stream', async () => {
    // Prepare
    const out = new Capture();
    const err = new Capture();
    const stdin = secretBearingInputs();
    // Act
    for (const text of stdin) {
      const decoded = decodeInput(text, { file: 'canary' });
      for (const event of decoded.events)
        out.text += JSON.stringify(classifier.classify(event, { includeUnmatched: true }));
      err.text += JSON.stringify(decoded.problems);
    }
    // Assess
    expect(out.text.length).toBeGreaterThan(1000);
    expect(out.text).toContain('configmap-with-credentials');
    expect(out.text).toContain('db.properties');
    expect(out.text).not.toContain(CANARY);
    expect(err.text).not.toContain(CANARY);
  });

  it('keeps secrets out of the CLI stderr report of a malformed line', async () => {
    const out = new Capture();
    const err = new Capture();
    await expect(classifyCommand(['/nonexistent/file'], out, err)).resolves.toBe(0);
    expect(err.text).toContain('cannot read');
  });
});
