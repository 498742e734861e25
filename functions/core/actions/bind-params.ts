import type { Alert } from '../alerts/types.ts';

/** What parameters of an action may refer to: the incident's lead alert, its resource and evidence. */
export interface ActionContext {
  readonly cluster: string;
  readonly namespace?: string;
  readonly resource: Readonly<Record<string, unknown>>;
  /** The facts of the alert's latest sample (what the rule matched on). */
  readonly evidence: Readonly<Record<string, unknown>>;
  /** Who did it (the latest sample's actor). */
  readonly actor?: string;
}

/** A parameter that names nothing the incident has. */
export class UnboundParamError extends Error {
  public constructor(name: string, template: string) {
    super(`parameter ${name}: nothing in the incident for ${template}`);
    this.name = 'UnboundParamError';
  }
}

/** The context of an alert: what its action parameters are taken from. Pure. */
export function actionContextOf(alert: Alert): ActionContext {
  const latest = alert.samples.at(-1);
  return {
    cluster: alert.cluster,
    namespace: alert.namespace,
    resource: { ...alert.resource },
    evidence: latest?.evidence ?? {},
    actor: latest?.actor,
  };
}

/** Facts are flat keys with dots (`eks.principalArn`): try the longest key first at every level. */
function lookup(value: unknown, path: string): unknown {
  if (path === '') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const parts = path.split('.');
  for (let i = parts.length; i > 0; i--) {
    const key = parts.slice(0, i).join('.');
    if (key in record) {
      const found = lookup(record[key], parts.slice(i).join('.'));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** `{a.b|c}`: names only, so that JSON in a parameter (`{"InstanceId": […]}`) is left as it is. */
/**
 * Values come from events an attacker may have written: a quote, a backslash or a control character
 * could break out of the JSON a parameter is part of, and no name or ARN holds one.
 */
function safe(name: string, value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/["\\\u0000-\u001f]/.test(value)) throw new UnsafeParamError(name);
  return value;
}

/** A value from the incident that may not go into a parameter. */
export class UnsafeParamError extends Error {
  public constructor(name: string) {
    super(`parameter ${name}: the incident's value holds a quote, backslash or control character`);
    this.name = 'UnsafeParamError';
  }
}

const REFERENCE = /\{([A-Za-z][\w.-]*(?:\|[A-Za-z][\w.-]*)*)(\?)?\}/g;

/**
 * The action's parameters with every `{a|b}` reference replaced by the first non-empty value in the
 * context (`{a?}`: empty when there is none); arrays join with commas. Pure.
 * @throws {UnboundParamError} when a reference finds nothing.
 */
export function bindParams(params: Readonly<Record<string, string>>, context: ActionContext): Record<string, string> {
  const bound: Record<string, string> = {};
  for (const [name, template] of Object.entries(params)) {
    bound[name] = template.replace(REFERENCE, (whole, refs: string, optional?: string) => {
      for (const ref of refs.split('|')) {
        const value = lookup(context, ref);
        if (value === undefined || value === null || value === '') continue;
        if (Array.isArray(value)) {
          if (value.length > 0) return safe(name, value.join(','));
          continue;
        }
        if (typeof value !== 'object') return safe(name, String(value));
      }
      if (optional) return '';
      throw new UnboundParamError(name, whole);
    });
  }
  return bound;
}
