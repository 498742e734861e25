/**
 * `table[key]` for a key that came from input: only the table's own entries, so `__proto__`,
 * `constructor` or `toString` find nothing instead of `Object.prototype` or a function.
 */
export function own<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
