// Kubernetes resource quantities as numbers, so "2" and "2000m", or "1Gi" and "1024Mi", compare equal.
const suffixes: Record<string, number> = {
  m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
};

/** The quantity's value in base units (cores, bytes), or NaN when it is not a quantity. */
export function parseQuantity(quantity: string | number | undefined): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(quantity?.trim() ?? '');
  if (!match) return Number.NaN;
  return Number(match[1]) * suffixes[match[2] ?? '']!;
}

export const sameQuantity = (a: string | number | undefined, b: string | number | undefined) => {
  const [left, right] = [parseQuantity(a), parseQuantity(b)];
  return !Number.isNaN(left) && Math.abs(left - right) <= Math.abs(right) * 1e-9;
};
