import ipaddr from 'ipaddr.js';

/**
 * Where an address is: inside a network (private, loopback, link-local, CGNAT, unique-local), one of
 * your own public addresses (`trustedNetworks`: NAT gateways, corporate egress), one of AWS's
 * published addresses of the region (`aws`), or elsewhere on the internet.
 */
export type IpScope = 'internal' | 'ours' | 'aws' | 'internet';

const INTERNAL_RANGES = new Set(['private', 'loopback', 'linkLocal', 'carrierGradeNat', 'uniqueLocal', 'unspecified']);

/**
 * The scope of an address as a rule can test it (`source.scope`); `undefined` when it is not an
 * address. Documentation ranges count as the internet: they stand for public addresses.
 */
export function ipScope(address: string | undefined): 'internal' | 'internet' | undefined {
  if (!address) return undefined;
  // A cluster's traffic comes from few addresses: parse each once (bounded, so hostile input cannot grow it).
  const known = SCOPES.get(address);
  if (known !== undefined) return known === '' ? undefined : known;
  const scope = parseScope(address);
  if (SCOPES.size >= MAX_CACHED) SCOPES.clear();
  SCOPES.set(address, scope ?? '');
  return scope;
}

const SCOPES = new Map<string, 'internal' | 'internet' | ''>();
const MAX_CACHED = 4096;

function parseScope(address: string): 'internal' | 'internet' | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return INTERNAL_RANGES.has(parsed.range()) ? 'internal' : 'internet';
}

/** True for a CIDR (`203.0.113.0/24`, `2001:db8::/32`) or a single address. */
export function isCidr(value: string): boolean {
  return ipaddr.isValidCIDR(value) || ipaddr.isValid(value);
}

/** A test of whether an address lies in one of the given CIDRs (or is one of the given addresses). */
export function inNetworks(cidrs: readonly string[]): (address: string) => boolean {
  const ranges = cidrs.map((c) =>
    ipaddr.isValidCIDR(c) ? ipaddr.parseCIDR(c) : ipaddr.parseCIDR(`${c}/${c.includes(':') ? 128 : 32}`),
  );
  return (address) => {
    if (ranges.length === 0 || !ipaddr.isValid(address)) return false;
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
      parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    return ranges.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits));
  };
}
