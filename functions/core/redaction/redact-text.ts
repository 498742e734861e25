/** What replaces a secret value. */
export const REDACTED = '[REDACTED]';

/**
 * Patterns for secrets that can appear in free text: log lines, request URIs, error messages.
 * Each keeps the name of what was hidden and drops only the value.
 */
const TEXT_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Authorization headers and bearer/basic credentials.
  [/\b(authorization)(["']?\s*[:=]\s*["']?)(?:(bearer|basic)\s+)?[^\s"',;}]+/gi, `$1$2$3 ${REDACTED}`],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // EKS authenticator tokens (pre-signed STS URLs) and JWTs such as service-account tokens.
  [/k8s-aws-v1\.[A-Za-z0-9_-]+/g, `k8s-aws-v1.${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Credentials in query strings and key=value / key: value text.
  [
    /([?&;](?:access_token|token|id_token|refresh_token|password|passwd|secret|api_key|apikey|key|sig|signature|x-amz-signature|x-amz-security-token|x-amz-credential)=)[^&\s"']+/gi,
    `$1${REDACTED}`,
  ],
  [
    /\b((?:aws_secret_access_key|aws-secret-access-key|secret_?key|client_secret|password|passwd|passphrase|token|api[_-]?key|private[_-]?key)\s*["']?\s*[:=]\s*["']?)[^\s"',;}&]+/gi,
    `$1${REDACTED}`,
  ],
  // Secret payloads in JSON text that could not be parsed (truncated lines).
  [/("(?:data|stringData|binaryData)"\s*:\s*)\{[^}]*\}?/g, `$1"${REDACTED}"`],
  // PEM private keys.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
];

/** Cheap pre-check so that clean text (the common case) costs one scan. */
const MAYBE_SECRET =
  /authorization|bearer|basic |k8s-aws-v1|eyJ|token|password|passwd|passphrase|secret|key|sig|PRIVATE KEY|"(?:data|stringData|binaryData)"/i;

/** Remove secret values from free text, keeping the names of what was removed. */
export function redactText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Key names under which a ConfigMap (or similar) value is likely a credential. */
const CREDENTIAL_KEY = /pass(word|wd|phrase)?|secret|token|credential|private[_-]?key|api[_-]?key|access[_-]?key|auth/i;
/** Values that are credentials whatever their key is called. */
const CREDENTIAL_VALUE =
  /aws[_-](s3[_-])?access[_-]key[_-]id|aws[_-]secret[_-]access[_-]key|password|passphrase|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bAKIA[0-9A-Z]{16}\b|\beyJ[A-Za-z0-9_-]{8,}\./i;

/** True when a key/value pair of a ConfigMap looks like it holds a credential. */
export function looksLikeCredential(key: string, value: unknown): boolean {
  return CREDENTIAL_KEY.test(key) || (typeof value === 'string' && CREDENTIAL_VALUE.test(value));
}
