/** Severity as a word and a mark, never colour alone. */
const SEVERITY_MARK: Record<string, string> = { critical: '▲▲', high: '▲', medium: '◆', low: '▽', info: '○' };

export function Severity({ value }: { value: string }) {
  return (
    <span class={`badge severity-${value}`}>
      <span aria-hidden="true">{SEVERITY_MARK[value] ?? '·'} </span>
      {value}
    </span>
  );
}

export function Status({ value }: { value: string }) {
  return <span class={`badge status-${value}`}>{value}</span>;
}

/** A time in the reader's zone, to the minute, with the exact instant on hover. */
export function Time({ iso }: { iso?: string | null }) {
  if (!iso) return <span>—</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={iso}>
      {date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  );
}
