/**
 * A value built on first use and kept for the life of the execution environment (a Lambda container,
 * or the local runtime's process): clients and adapters are made once, not per invocation.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
