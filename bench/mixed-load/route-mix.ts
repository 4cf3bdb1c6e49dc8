// What a visitor does through the gateway, as shares of the requests: one upload leads to a few
// palette, shade-match and product pages and a look at the recommendations.

export type RouteKind = 'upload' | 'palette' | 'shade_match' | 'product_list' | 'product_page' | 'recommendations';

/** Requests of each kind per 20 (one upload in ten: analysis is the heavy one). */
export const ROUTE_WEIGHTS: Readonly<Record<RouteKind, number>> = {
  upload: 2,
  palette: 3,
  shade_match: 3,
  product_list: 3,
  product_page: 5,
  recommendations: 4,
};

/**
 * One cycle of kinds in which each appears `weight` times, spread evenly (smooth weighted
 * round-robin, as nginx balances upstreams): any run as long as the cycle sends every kind.
 */
export function routeCycle<Kind extends string>(weights: Readonly<Record<Kind, number>>): Kind[] {
  const entries = (Object.entries(weights) as Array<[Kind, number]>).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const current = new Map<Kind, number>(entries.map(([kind]) => [kind, 0]));
  const cycle: Kind[] = [];
  for (let slot = 0; slot < total; slot++) {
    let chosen = entries[0]![0];
    for (const [kind, weight] of entries) {
      current.set(kind, current.get(kind)! + weight);
      if (current.get(kind)! > current.get(chosen)!) chosen = kind;
    }
    current.set(chosen, current.get(chosen)! - total);
    cycle.push(chosen);
  }
  return cycle;
}
