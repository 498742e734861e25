import { looksLikeCredential, REDACTED, redactText } from './redact-text.ts';

/** Keys whose whole value is secret material in Kubernetes objects. */
const SECRET_VALUE_KEYS = new Set([
  'data',
  'stringData',
  'binaryData',
  'token',
  'kubectl.kubernetes.io/last-applied-configuration',
]);
const MAX_DEPTH = 32;

/**
 * A copy of a JSON value with secret material removed: Secret and ConfigMap `data`, tokens,
 * last-applied annotations, and every string value under a credential-looking key. Key names
 * are kept; strings are passed through {@link redactText}.
 */
export function redactObject(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => redactObject(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_VALUE_KEYS.has(key))
      out[key] =
        typeof item === 'object' && item !== null
          ? Object.fromEntries(Object.keys(item).map((k) => [k, REDACTED]))
          : REDACTED;
    else if (typeof item === 'string' && looksLikeCredential(key, item)) out[key] = REDACTED;
    else out[key] = redactObject(item, depth + 1);
  }
  return out;
}
