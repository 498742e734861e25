import ipaddr from 'ipaddr.js';

/**
 * AWS's published address ranges (`ip-ranges.json`, service AMAZON), merged per region: the data
 * `data/aws-ip-ranges.json` ships, refreshed by `npm run refresh:aws-ranges`.
 */
export interface AwsRanges {
  /** Where and when AWS published them (`syncToken`, `createDate`). */
  readonly source: string;
  readonly syncToken: string;
  readonly createDate: string;
  /** Region → CIDRs (IPv4 and IPv6), merged and sorted. */
  readonly regions: Readonly<Record<string, readonly string[]>>;
}

/** One range as numbers: IPv4 and IPv6 in one space (IPv4 below 2^32, IPv6 shifted above it). */
type Interval = readonly [bigint, bigint];
const V6_OFFSET = 1n << 32n;

function toBig(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function intervalOf(cidr: string): Interval {
  const [net, bits] = ipaddr.parseCIDR(cidr);
  const width = net.kind() === 'ipv4' ? 32 : 128;
  const start = toBig(net.toByteArray()) & ~((1n << BigInt(width - bits)) - 1n);
  const end = start + (1n << BigInt(width - bits)) - 1n;
  return net.kind() === 'ipv4' ? [start, end] : [start + V6_OFFSET, end + V6_OFFSET];
}

function cidrsOf([start, end]: Interval): string[] {
  const v6 = start >= V6_OFFSET;
  const width = v6 ? 128 : 32;
  const offset = v6 ? V6_OFFSET : 0n;
  let from = start - offset;
  const to = end - offset;
  const out: string[] = [];
  while (from <= to) {
    // The largest block that starts at `from` (aligned) and ends within the range.
    let size = 0;
    while (
      size < width &&
      (from & ((1n << BigInt(size + 1)) - 1n)) === 0n &&
      from + (1n << BigInt(size + 1)) - 1n <= to
    )
      size++;
    const bytes: number[] = [];
    for (let i = width / 8 - 1; i >= 0; i--) bytes.push(Number((from >> BigInt(i * 8)) & 0xffn));
    out.push(`${ipaddr.fromByteArray(bytes).toString()}/${width - size}`);
    from += 1n << BigInt(size);
  }
  return out;
}

/** Sorted intervals with overlapping and adjacent ones joined. */
function merged(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Array<[bigint, bigint]> = [];
  for (const [start, end] of sorted) {
    const last = out.at(-1);
    if (last && start <= last[1] + 1n && start >= V6_OFFSET === last[0] >= V6_OFFSET) {
      if (end > last[1]) last[1] = end;
    } else out.push([start, end]);
  }
  return out;
}

/** The fewest CIDRs that cover exactly the given ones (overlaps and neighbours merged). */
export function mergeCidrs(cidrs: readonly string[]): string[] {
  return merged(cidrs.map(intervalOf)).flatMap(cidrsOf);
}

/**
 * AWS's `ip-ranges.json` as the project ships it: the AMAZON service's prefixes (every AWS-owned
 * address) per region, merged. Throws on a document that is not one.
 */
export function compactAwsRanges(document: unknown, source: string): AwsRanges {
  const doc = document as {
    syncToken?: unknown;
    createDate?: unknown;
    prefixes?: Array<{ ip_prefix?: unknown; region?: unknown; service?: unknown }>;
    ipv6_prefixes?: Array<{ ipv6_prefix?: unknown; region?: unknown; service?: unknown }>;
  };
  if (typeof doc?.syncToken !== 'string' || !Array.isArray(doc.prefixes) || !Array.isArray(doc.ipv6_prefixes))
    throw new Error('not an AWS ip-ranges.json document (syncToken, prefixes, ipv6_prefixes)');
  const byRegion = new Map<string, string[]>();
  const add = (region: unknown, service: unknown, cidr: unknown) => {
    if (service !== 'AMAZON' || typeof region !== 'string' || typeof cidr !== 'string' || !ipaddr.isValidCIDR(cidr))
      return;
    byRegion.set(region, [...(byRegion.get(region) ?? []), cidr]);
  };
  for (const p of doc.prefixes) add(p.region, p.service, p.ip_prefix);
  for (const p of doc.ipv6_prefixes) add(p.region, p.service, p.ipv6_prefix);
  const regions = Object.fromEntries(
    [...byRegion].sort(([a], [b]) => a.localeCompare(b)).map(([r, c]) => [r, mergeCidrs(c)]),
  );
  return { source, syncToken: doc.syncToken, createDate: String(doc.createDate ?? ''), regions };
}

/**
 * A test of whether an address is AWS's in a region (every region when none is given): binary
 * search over merged intervals, built once.
 */
export function awsAddressTest(ranges: AwsRanges, region?: string): (address: string) => boolean {
  const cidrs = region && ranges.regions[region] ? ranges.regions[region] : Object.values(ranges.regions).flat();
  const intervals = merged(cidrs.map(intervalOf));
  return (address) => {
    if (!ipaddr.isValid(address)) return false;
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
      parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    const value = toBig(parsed.toByteArray()) + (parsed.kind() === 'ipv6' ? V6_OFFSET : 0n);
    let low = 0;
    let high = intervals.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const [start, end] = intervals[mid];
      if (value < start) high = mid - 1;
      else if (value > end) low = mid + 1;
      else return true;
    }
    return false;
  };
}
