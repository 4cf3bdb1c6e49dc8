// Apart from config.ts, which the main thread alone loads: a thread resolves its upstreams from the
// configuration it was handed without loading zod.

/**
 * The upstream address of each service, from `<NAME>_ADDRESS` where the service's package is
 * `shine.<name>.v1`; "none" leaves a service out, so its routes answer 503.
 */
export function upstreamAddresses(config: Record<string, unknown>, serviceNames: Iterable<string>): Map<string, string> {
  const addresses = new Map<string, string>();
  for (const name of serviceNames) {
    const packageName = name.split('.')[1] ?? '';
    const value = config[`${packageName.toUpperCase()}_ADDRESS`];
    if (typeof value === 'string' && value !== 'none') addresses.set(name, value);
  }
  return addresses;
}
