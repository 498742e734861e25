/** An instant as ISO 8601 (how every time is stored and shown). */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** The earlier of two ISO 8601 instants. */
export const earlier = (a: string, b: string): string => (a < b ? a : b);

/** The later of two ISO 8601 instants. */
export const later = (a: string, b: string): string => (a > b ? a : b);
