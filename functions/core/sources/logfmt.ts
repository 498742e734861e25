/**
 * Parse a logfmt line (`time="…" level=info msg="access granted" arn=…`) into key/value pairs.
 * Quoted values may contain escaped quotes; unbalanced quotes run to the end of the line.
 */
export function parseLogfmt(line: string): Record<string, string> {
  // No prototype: a key named `__proto__` or `constructor` is data like any other.
  const out: Record<string, string> = Object.create(null);
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line[i] === ' ') i++;
    const keyStart = i;
    while (i < n && line[i] !== '=' && line[i] !== ' ') i++;
    const key = line.slice(keyStart, i);
    if (i >= n || line[i] !== '=') {
      if (key) out[key] = '';
      continue;
    }
    i++;
    let value = '';
    if (line[i] === '"') {
      i++;
      while (i < n && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < n) {
          value += line[i + 1];
          i += 2;
        } else {
          value += line[i++];
        }
      }
      i++;
    } else {
      const valueStart = i;
      while (i < n && line[i] !== ' ') i++;
      value = line.slice(valueStart, i);
    }
    if (key) out[key] = value;
  }
  return out;
}
