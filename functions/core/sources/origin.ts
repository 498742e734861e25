/**
 * Where a record comes from: the AWS account and region of its cluster. A cluster is identified by
 * account + region + name, so two `prod` clusters in two accounts are two clusters; the one home of
 * that rule is {@link clusterIdOf}.
 */

/** The account and region a record says it comes from, when it says. */
export interface Origin {
  readonly account?: string;
  readonly region?: string;
}

/** Where Watchkeeper (the hub) runs: its clusters keep their bare names. */
export interface Home {
  readonly account?: string;
  readonly region?: string;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** An origin from untrusted values: anything that is not an account id or a region name is dropped. */
export function originOf(account: unknown, region: unknown): Origin | undefined {
  const origin = {
    ...(typeof account === 'string' && ACCOUNT.test(account) ? { account } : {}),
    ...(typeof region === 'string' && REGION.test(region) ? { region } : {}),
  };
  return origin.account || origin.region ? origin : undefined;
}

/**
 * Name of the subscription filters a spoke creates: `watchkeeper-<region>`. CloudWatch Logs deliveries
 * carry the owner account but not the region; the filter's name says it.
 */
export const subscriptionFilterName = (region: string): string => `watchkeeper-${region}`;

/** The region named by a spoke's subscription filter ({@link subscriptionFilterName}), if one does. */
export function regionOfFilters(filters: unknown): string | undefined {
  if (!Array.isArray(filters)) return undefined;
  for (const filter of filters) {
    const region = typeof filter === 'string' && filter.startsWith('watchkeeper-') ? filter.slice(12) : undefined;
    if (region && REGION.test(region)) return region;
  }
  return undefined;
}

/** Where a record comes from, the home's account or region where it does not say. */
export const placeOf = (origin: Origin | undefined, home: Home): Origin => ({
  account: origin?.account ?? home.account,
  region: origin?.region ?? home.region,
});

/**
 * The cluster's identity: its bare name in the home account and region, `<account>/<region>/<name>`
 * elsewhere (a spoke). What the home does not know (an account in tests) is not compared.
 */
export function clusterIdOf(name: string, origin: Origin | undefined, home: Home): string {
  const { account, region } = placeOf(origin, home);
  const away =
    (account !== undefined && home.account !== undefined && account !== home.account) ||
    (region !== undefined && home.region !== undefined && region !== home.region);
  return away ? `${account ?? 'unknown'}/${region ?? 'unknown'}/${name}` : name;
}

/** The parts of a cluster id made by {@link clusterIdOf}: the home's account and region for a bare name. */
export function partsOfClusterId(id: string, home: Home): { account?: string; region?: string; name: string } {
  // The classifier asks for every record: a bare name (most of them) is answered without splitting.
  if (!id.includes('/')) return { account: home.account, region: home.region, name: id };
  const [account, region, ...name] = id.split('/');
  if (name.length > 0 && ACCOUNT.test(account) && REGION.test(region)) return { account, region, name: name.join('/') };
  return { account: home.account, region: home.region, name: id };
}
