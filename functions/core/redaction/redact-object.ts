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
  if (typeof value !== 'object' || value === null) return value;
  // Deeper than any real object: nothing below is copied, so nothing below can leak.
  if (depth > MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactObject(item, depth + 1));
  // Object.fromEntries defines each key, so a key named `__proto__` stays a key.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (SECRET_VALUE_KEYS.has(key)) {
        const hidden =
          typeof item === 'object' && item !== null
            ? Object.fromEntries(Object.keys(item).map((k) => [k, REDACTED]))
            : REDACTED;
        return [key, hidden];
      }
      if (typeof item === 'string' && looksLikeCredential(key, item)) return [key, REDACTED];
      return [key, redactObject(item, depth + 1)];
    }),
  );
}
