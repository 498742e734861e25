import type { Fact } from '../sources/types.ts';
import type { Condition } from './rule-schema.ts';

type Scalar = string | number | boolean;

const regexCache = new Map<string, RegExp>();
function regexOf(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    re = new RegExp(source, 'i');
    regexCache.set(source, re);
  }
  return re;
}

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

/** Does one fact value satisfy a condition? List facts satisfy it when any element does. */
export function testCondition(value: Fact, condition: Condition): boolean {
  if (Array.isArray(condition)) {
    if (Array.isArray(value)) return value.some((v) => condition.includes(v));
    return value !== undefined && condition.includes(value as Scalar);
  }
  if (typeof condition !== 'object') {
    if (Array.isArray(value)) return value.includes(condition as string);
    return value === condition;
  }
  if (condition.exists !== undefined) {
    const present = Array.isArray(value) ? value.length > 0 : value !== undefined && value !== '';
    if (present !== condition.exists) return false;
  }
  if (condition.not !== undefined && testCondition(value, condition.not)) return false;
  if (condition.equals !== undefined && !testCondition(value, condition.equals)) return false;
  if (condition.in !== undefined && !testCondition(value, condition.in)) return false;
  const values: Scalar[] = Array.isArray(value) ? value : value === undefined ? [] : [value as Scalar];
  const { gte, lt, regex } = condition;
  if (gte !== undefined && !values.some((v) => typeof v === 'number' && v >= gte)) return false;
  if (lt !== undefined && !values.some((v) => typeof v === 'number' && v < lt)) return false;
  if (condition.prefix !== undefined) {
    const prefixes = asList(condition.prefix);
    if (!values.some((v) => prefixes.some((p) => String(v).startsWith(p)))) return false;
  }
  if (condition.contains !== undefined) {
    const parts = asList(condition.contains).map((p) => p.toLowerCase());
    if (!values.some((v) => parts.some((p) => String(v).toLowerCase().includes(p)))) return false;
  }
  if (regex !== undefined && !values.some((v) => regexOf(regex).test(String(v)))) return false;
  return true;
}
