import { monkOfSkin, undertoneOf } from '@shine/color';
import { seededRandom, type SeededRandom } from '@shine/platform/seeded-random';
import { SEED_BRANDS, syntheticBrand, type SeedBrand } from './seed-brands.ts';
import { BLUSH_FAMILIES, LIPSTICK_FAMILIES, PRODUCT_LINES, type ColourFamily, type ProductLine, type SeedCategory } from './seed-products.ts';
import { familyColour, randomRangeLook, skinShadeColour, undertoneOfHue } from './seed-shade-colours.ts';
import { FANCY_WORDS, nameSkinShades, unique } from './seed-shade-names.ts';
import type { Category, ProductRecord, ShadeRecord, Undertone } from '../catalog-record.ts';
import { depthOfLightness } from '../import/shade-depth.ts';

/** The seed every `npm run catalog:seed` and empty-catalogue start uses, so all get the same catalogue. */
export const DEFAULT_SEED = 20_260_106;

export interface SeedOptions {
  seed?: number;
  /** Brands to generate: the 16 seed brands, then invented "Kalomi Studio 17"-style ones (benchmarks). */
  brandCount?: number;
}

const FOUNDATION_PRICE: Record<SeedBrand['tier'], readonly [number, number]> = {
  drugstore: [7, 16],
  mid: [18, 36],
  prestige: [38, 68],
};
const CATEGORY_PRICE_FACTOR: Record<SeedCategory, number> = { foundation: 1, concealer: 0.75, powder: 0.85, blush: 0.7, lipstick: 0.6 };
const PRICE_ENDINGS: Record<SeedBrand['currency'], readonly string[]> = {
  USD: ['99', '00', '50'],
  EUR: ['90', '00', '50'],
  GBP: ['00', '50', '99'],
  CAD: ['99', '00'],
};
const TAGS = ['vegan', 'cruelty-free', 'fragrance-free', 'non-comedogenic', 'oil-free', 'long-wear', 'transfer-resistant', 'hydrating', 'buildable', 'sensitive-skin', 'refillable'];
const SPF_TAGS = ['spf-15', 'spf-30'];

/**
 * The team's own seed catalogue: invented brands, each with two foundation ranges of 20-50 shades
 * spread evenly over Monk levels 1-10 (as many deep shades as light ones), plus concealers, powders,
 * blushes and lipsticks. The same seed gives the same catalogue, byte for byte.
 */
export function generateSeedCatalog(options: SeedOptions = {}): ProductRecord[] {
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const brandCount = options.brandCount ?? SEED_BRANDS.length;
  const products: ProductRecord[] = [];
  for (let index = 0; index < brandCount; index++) {
    const brand = SEED_BRANDS[index] ?? syntheticBrand(index);
    const foundations = pickDistinct(PRODUCT_LINES.foundation, 2, random);
    for (const line of foundations) products.push(skinProduct(brand, 'foundation', line, random.integer(20, 50), random));
    if (index % 3 !== 2) products.push(skinProduct(brand, 'concealer', random.pick(PRODUCT_LINES.concealer), random.integer(15, 30), random));
    if (index % 4 === 0) products.push(skinProduct(brand, 'powder', random.pick(PRODUCT_LINES.powder), random.integer(8, 14), random));
    if (index % 2 === 0) products.push(colourProduct(brand, 'blush', random.pick(PRODUCT_LINES.blush), BLUSH_FAMILIES, random.integer(6, 12), random));
    if (index % 3 !== 1) products.push(colourProduct(brand, 'lipstick', random.pick(PRODUCT_LINES.lipstick), LIPSTICK_FAMILIES, random.integer(8, 20), random));
  }
  // One product in thirty is sold out in every shade, as happens when a range is reformulated.
  for (const [index, product] of products.entries()) if (index % 30 === 17) for (const shade of product.shades) shade.inStock = false;
  return products;
}

function skinProduct(brand: SeedBrand, category: 'foundation' | 'concealer' | 'powder', line: ProductLine, count: number, random: SeededRandom): ProductRecord {
  const look = randomRangeLook(random, category === 'concealer' ? 2.5 : 0);
  // Brands with coded names offer each depth in turn in every undertone; the others vary freely.
  const coded = brand.naming === 'number-code' || brand.naming === 'decimal-code';
  const firstUndertone = random.integer(0, 2);
  const drafts = Array.from({ length: count }, (_, index) => {
    const position = (index + 0.5) / count;
    const undertone: Undertone = coded
      ? (['neutral', 'warm', 'cool'] as const)[(firstUndertone + index) % 3]!
      : weightedUndertone(random);
    const colour = skinShadeColour(position, undertone, look, random);
    // The label says what the colour is, whatever the range's lean made of the undertone aimed at.
    const label = undertoneOf(colour.lab).undertone;
    return { index, position, undertone: label, colour, monkLevel: monkOfSkin(colour.lab).level, depth: depthOfLightness(colour.lab.l) };
  });
  const names = nameSkinShades(brand.naming, drafts);
  const shades = drafts.map((draft, index): ShadeRecord => ({
    name: names[index]!,
    hex: draft.colour.hex,
    lab: draft.colour.lab,
    undertone: draft.undertone,
    depth: draft.depth,
    monkLevel: draft.monkLevel,
    inStock: random.chance(0.94),
  }));
  return productRecord(brand, category, line, shades, random);
}

function colourProduct(
  brand: SeedBrand,
  category: 'blush' | 'lipstick',
  line: ProductLine,
  families: readonly ColourFamily[],
  count: number,
  random: SeededRandom,
): ProductRecord {
  const taken = new Set<string>();
  const shades = Array.from({ length: count }, (_, index): ShadeRecord => {
    const family = families[(index * 5 + random.integer(0, 1)) % families.length]!;
    const colour = familyColour(family, random);
    return {
      name: unique(`${random.pick(FANCY_WORDS)} ${family.name}`, taken),
      hex: colour.hex,
      lab: colour.lab,
      undertone: undertoneOfHue(colour.lab),
      depth: undefined,
      monkLevel: undefined,
      inStock: random.chance(0.94),
    };
  });
  shades.sort((left, right) => right.lab.l - left.lab.l);
  return productRecord(brand, category, line, shades, random);
}

function productRecord(brand: SeedBrand, category: Category & SeedCategory, line: ProductLine, shades: ShadeRecord[], random: SeededRandom): ProductRecord {
  const tags = pickDistinct(TAGS, random.integer(1, 3), random);
  if (category === 'foundation' && random.chance(0.3)) tags.push(random.pick(SPF_TAGS));
  return {
    externalId: `${slug(brand.name)}--${slug(line.name)}`,
    brand: brand.name,
    name: line.name,
    category,
    price: price(brand, category, random),
    finish: line.finish,
    coverage: line.coverage,
    tags: tags.sort(),
    shades,
  };
}

function price(brand: SeedBrand, category: SeedCategory, random: SeededRandom): { amount: string; currency: string } {
  const [low, high] = FOUNDATION_PRICE[brand.tier];
  const units = Math.max(4, Math.floor(random.between(low, high) * CATEGORY_PRICE_FACTOR[category]));
  return { amount: `${units}.${random.pick(PRICE_ENDINGS[brand.currency])}`, currency: brand.currency };
}

function weightedUndertone(random: SeededRandom): Undertone {
  const draw = random.next();
  if (draw < 0.4) return 'warm';
  return draw < 0.75 ? 'neutral' : 'cool';
}

function pickDistinct<T>(items: readonly T[], count: number, random: SeededRandom): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) picked.push(pool.splice(random.integer(0, pool.length - 1), 1)[0]!);
  return picked;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
