import ipaddr from 'ipaddr.js';

/** Where an address is: inside a network (private, loopback, link-local, CGNAT, unique-local) or on the internet. */
export type IpScope = 'internal' | 'internet';

const INTERNAL_RANGES = new Set(['private', 'loopback', 'linkLocal', 'carrierGradeNat', 'uniqueLocal', 'unspecified']);

/**
 * The scope of an address as a rule can test it (`source.scope`); `undefined` when it is not an
 * address. Documentation ranges count as the internet: they stand for public addresses.
 */
export function ipScope(address: string | undefined): IpScope | undefined {
  if (!address || !ipaddr.isValid(address)) return undefined;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return INTERNAL_RANGES.has(parsed.range()) ? 'internal' : 'internet';
}
