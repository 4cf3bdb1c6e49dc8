import type { CatalogShade } from '../catalog-product.ts';
import type { Category, Price } from '../catalog-record.ts';
import { amountInNanos } from '../store/money.ts';

/** A shade with what a match needs to show about its product. */
export interface IndexedShade {
  shade: CatalogShade;
  productId: string;
  brand: string;
  productName: string;
  category: Category;
  /** The product's price, which a budget filters on and a match shows. */
  price: Price;
}

/**
 * Shades ordered by L*, with their CIELAB (and chroma) in typed arrays: binary search on L*, and a
 * scan that touches no objects until a shade could rank.
 */
export interface LightnessOrderedShades {
  readonly lightness: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly chroma: Float64Array;
  /** Each shade's product price in nanos of its currency (numeric(18, 9) fits in 64 bits), for a budget. */
  readonly priceNanos: BigInt64Array;
  readonly entries: readonly IndexedShade[];
}

/**
 * Every shade in memory, grouped by category and by brand within it, each group ordered by L*: the
 * coarse prefilter of matching, which starts at the skin's L* (a binary search) and works outwards.
 */
export interface ShadeIndex {
  /** The catalogue version the index was built from. */
  readonly version: number;
  readonly size: number;
  inCategory(category: Category): LightnessOrderedShades | undefined;
  /** `brandKey` is the lower-case brand name. */
  ofBrand(category: Category, brandKey: string): LightnessOrderedShades | undefined;
  brandKeys(category: Category): readonly string[];
}

export function buildShadeIndex(version: number, shades: readonly IndexedShade[]): ShadeIndex {
  const byCategory = new Map<Category, IndexedShade[]>();
  const byBrand = new Map<Category, Map<string, IndexedShade[]>>();
  for (const entry of shades) {
    append(byCategory, entry.category, entry);
    let brands = byBrand.get(entry.category);
    if (!brands) byBrand.set(entry.category, (brands = new Map()));
    append(brands, entry.brand.toLowerCase(), entry);
  }
  const categories = new Map([...byCategory].map(([category, entries]) => [category, ordered(entries)]));
  const brands = new Map(
    [...byBrand].map(([category, groups]) => [category, new Map([...groups].map(([brand, entries]) => [brand, ordered(entries)]))]),
  );
  return {
    version,
    size: shades.length,
    inCategory: (category) => categories.get(category),
    ofBrand: (category, brandKey) => brands.get(category)?.get(brandKey),
    brandKeys: (category) => [...(brands.get(category)?.keys() ?? [])],
  };
}

/** Index of the first element ≥ value in an ascending array (its length when none). */
export function lowerBound(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function ordered(entries: IndexedShade[]): LightnessOrderedShades {
  // Ties broken by id so the order, and so every result, is the same on every replica.
  entries.sort((left, right) => left.shade.lab.l - right.shade.lab.l || (left.shade.id < right.shade.id ? -1 : 1));
  return {
    lightness: Float64Array.from(entries, (entry) => entry.shade.lab.l),
    a: Float64Array.from(entries, (entry) => entry.shade.lab.a),
    b: Float64Array.from(entries, (entry) => entry.shade.lab.b),
    chroma: Float64Array.from(entries, (entry) => Math.sqrt(entry.shade.lab.a ** 2 + entry.shade.lab.b ** 2)),
    priceNanos: BigInt64Array.from(entries, (entry) => amountInNanos(entry.price.amount)),
    entries,
  };
}

function append<Key>(map: Map<Key, IndexedShade[]>, key: Key, entry: IndexedShade): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}
