import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deltaE2000, type Lab } from '@shine/color';
import { seededRandom } from '@shine/platform/seeded-random';
import { compareMatches, matchShades, type MatchQuery, type ShadeMatch } from './match-shades.ts';
import { buildShadeIndex, type IndexedShade } from './shade-index.ts';
import { UNDERTONE_PENALTY, undertoneCompatibility } from './undertone-compatibility.ts';
import { CATEGORIES, UNDERTONES, type Category } from '../catalog-record.ts';

const random = seededRandom(42);
const brands = ['Oakhollow', 'Brume Studio', 'Indigo Fig', 'Solenne', 'Quill Beauty', 'Asha Rae'];
// One price per product, in two currencies, some on the cent a budget may name.
const productPrices = Array.from({ length: 97 }, (_, product) => ({
  amount: product % 10 === 0 ? '25.000000000' : `${random.integer(5, 60)}.${String(random.integer(0, 99)).padStart(2, '0')}`,
  currency: product % 3 === 0 ? 'EUR' : 'USD',
}));
const NO_PRICE_LIMIT = { maxPrice: undefined };

function randomShade(index: number): IndexedShade {
  const category: Category = random.chance(0.7) ? 'foundation' : random.pick(CATEGORIES);
  const lab = { l: random.between(5, 98), a: random.between(-5, 45), b: random.between(-10, 45) };
  return {
    shade: {
      id: `shade-${String(index).padStart(5, '0')}`,
      name: `Shade ${index}`,
      hex: '#000000',
      lab,
      undertone: random.chance(0.1) ? undefined : random.pick(UNDERTONES),
      depth: undefined,
      inStock: random.chance(0.85),
    },
    productId: `product-${index % 97}`,
    brand: random.pick(brands),
    productName: 'Test Foundation',
    category,
    price: productPrices[index % 97]!,
  };
}

const shades = Array.from({ length: 4000 }, (_, index) => randomShade(index));
// Identical colours in other products, so ties must be broken the same way as by brute force.
for (let index = 0; index < 200; index++) {
  const original = shades[index * 7]!;
  shades.push({ ...original, shade: { ...original.shade, id: `twin-${index}` }, brand: random.pick(brands) });
}
const index = buildShadeIndex(1, shades);

/** Every shade scored, nothing skipped: what matching must agree with. */
function bruteForce(query: MatchQuery): ShadeMatch[] {
  const eligible = shades.filter(
    (entry) =>
      entry.category === query.category &&
      (!query.inStockOnly || entry.shade.inStock) &&
      (!query.maxPrice || (entry.price.currency === query.maxPrice.currency && Number(entry.price.amount) <= Number(query.maxPrice.amount))) &&
      (query.brandKeys.length === 0 || query.brandKeys.includes(entry.brand.toLowerCase())),
  );
  const scored = eligible.map((entry) => {
    const deltaE = deltaE2000(query.skin, entry.shade.lab);
    const compatibility = undertoneCompatibility(query.skinUndertone, entry.shade.undertone);
    return { entry, deltaE, compatibility, score: deltaE + UNDERTONE_PENALTY[compatibility] };
  });
  if (query.scope === 'across-brands') return scored.sort(compareMatches).slice(0, query.maxMatches);
  const groups = new Map<string, ShadeMatch[]>();
  for (const match of scored) {
    const key = match.entry.brand.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), match]);
  }
  const best = [...groups.values()].map((group) => group.sort(compareMatches).slice(0, query.maxMatches));
  return best.sort((left, right) => compareMatches(left[0]!, right[0]!)).flat();
}

const summary = (matches: ShadeMatch[]) => matches.map((match) => `${match.entry.shade.id} ${match.deltaE.toFixed(9)}`);

describe('matchShades', () => {
  it('ranks exactly as scoring every shade does, for 400 random skin colours and queries', () => {
    for (let run = 0; run < 400; run++) {
      const skin: Lab = { l: random.between(0, 100), a: random.between(-10, 60), b: random.between(-20, 60) };
      const query: MatchQuery = {
        skin,
        skinUndertone: random.chance(0.2) ? undefined : random.pick(UNDERTONES),
        category: random.chance(0.8) ? 'foundation' : random.pick(CATEGORIES),
        brandKeys: random.chance(0.7) ? [] : [random.pick(brands).toLowerCase(), random.pick(brands).toLowerCase()],
        scope: random.chance(0.6) ? 'across-brands' : 'per-brand',
        maxMatches: random.integer(1, 50),
        inStockOnly: random.chance(0.5),
        maxPrice: random.chance(0.5) ? undefined : { amount: random.pick(['10', '25', '25.00', '24.99', '40']), currency: random.pick(['USD', 'EUR', 'GBP']) },
      };
      assert.deepEqual(summary(matchShades(index, query)), summary(bruteForce(query)), JSON.stringify(query));
    }
  });

  it('puts the exact shade first with ΔE00 0 and a matching undertone', () => {
    const target = shades.find((entry) => entry.category === 'foundation' && entry.shade.inStock && entry.shade.undertone)!;
    const [best] = matchShades(index, {
      skin: target.shade.lab,
      skinUndertone: target.shade.undertone,
      category: 'foundation',
      brandKeys: [],
      scope: 'across-brands',
      maxMatches: 3,
      inStockOnly: true,
      ...NO_PRICE_LIMIT,
    });
    assert.equal(best?.entry.shade.id, target.shade.id);
    assert.equal(best?.deltaE, 0);
    assert.equal(best?.compatibility, 'match');
  });

  it('ranks a warm-on-cool shade below a matching one that is up to 1.5 ΔE00 further', () => {
    const make = (id: string, lab: Lab, undertone: 'warm' | 'cool'): IndexedShade => ({
      shade: { id, name: id, hex: '#000000', lab, undertone, depth: undefined, inStock: true },
      productId: 'p',
      brand: 'Oakhollow',
      productName: 'Test',
      category: 'foundation',
      price: { amount: '20', currency: 'USD' },
    });
    const skin = { l: 60, a: 12, b: 20 };
    const small = buildShadeIndex(1, [make('cool-nearer', { l: 60.5, a: 12, b: 20 }, 'cool'), make('warm-further', { l: 61.5, a: 12, b: 20 }, 'warm')]);
    const ranked = matchShades(small, { skin, skinUndertone: 'warm', category: 'foundation', brandKeys: [], scope: 'across-brands', maxMatches: 2, inStockOnly: false, ...NO_PRICE_LIMIT });
    assert.deepEqual(ranked.map((match) => [match.entry.shade.id, match.compatibility]), [
      ['warm-further', 'match'],
      ['cool-nearer', 'mismatch'],
    ]);
  });

  it('finds nothing in a category with no shades, and returns fewer when fewer exist', () => {
    const empty = buildShadeIndex(1, []);
    const query: MatchQuery = { skin: { l: 50, a: 10, b: 20 }, skinUndertone: undefined, category: 'foundation', brandKeys: [], scope: 'per-brand', maxMatches: 5, inStockOnly: false, ...NO_PRICE_LIMIT };
    assert.deepEqual(matchShades(empty, query), []);
    assert.deepEqual(matchShades(index, { ...query, brandKeys: ['no such brand'] }), []);
  });

  it('answers per brand for at most 50 brands, those with the nearest best match', () => {
    // 60 brands of one shade each, brand i at L* 40 + i/2: the nearest to L* 40 are brands 0-49.
    const many = buildShadeIndex(
      1,
      Array.from({ length: 60 }, (_, i) => ({
        shade: { id: `s-${i}`, name: `S ${i}`, hex: '#000000', lab: { l: 40 + i / 2, a: 15, b: 20 }, undertone: undefined, depth: undefined, inStock: true },
        productId: `p-${i}`,
        brand: `Brand ${String(i).padStart(2, '0')}`,
        productName: 'Foundation',
        category: 'foundation' as const,
        price: { amount: '20', currency: 'USD' },
      })),
    );
    const query: MatchQuery = { skin: { l: 40, a: 15, b: 20 }, skinUndertone: undefined, category: 'foundation', brandKeys: [], scope: 'per-brand', maxMatches: 5, inStockOnly: false, ...NO_PRICE_LIMIT };
    const matches = matchShades(many, query);
    assert.equal(matches.length, 50);
    assert.deepEqual(matches.map((match) => match.entry.shade.id), Array.from({ length: 50 }, (_, i) => `s-${i}`));
  });

  it('finds the best matches within a budget, not the best matches with the dearer ones left out', () => {
    const shade = (id: string, l: number, amount: string, currency = 'USD'): IndexedShade => ({
      shade: { id, name: id, hex: '#000000', lab: { l, a: 15, b: 20 }, undertone: undefined, depth: undefined, inStock: true },
      productId: `p-${id}`,
      brand: 'Oakhollow',
      productName: 'Foundation',
      category: 'foundation',
      price: { amount, currency },
    });
    // The three nearest cost more than 20; the cheap ones are further away, one of them priced in euros.
    const small = buildShadeIndex(1, [
      shade('near-1', 50, '38.00'),
      shade('near-2', 50.5, '42.50'),
      shade('near-3', 49.5, '20.01'),
      shade('cheap-exact', 47, '20.000000000'),
      shade('cheap', 54, '12.99'),
      shade('cheap-in-euros', 50.2, '9.99', 'EUR'),
    ]);
    const query: MatchQuery = { skin: { l: 50, a: 15, b: 20 }, skinUndertone: undefined, category: 'foundation', brandKeys: [], scope: 'across-brands', maxMatches: 3, inStockOnly: false, maxPrice: { amount: '20', currency: 'USD' } };
    assert.deepEqual(matchShades(small, query).map((match) => match.entry.shade.id), ['cheap-exact', 'cheap']);
    assert.deepEqual(matchShades(small, { ...query, maxPrice: { amount: '10', currency: 'EUR' } }).map((match) => match.entry.shade.id), ['cheap-in-euros']);
    assert.deepEqual(matchShades(small, { ...query, maxPrice: undefined }).map((match) => match.entry.shade.id), ['near-1', 'cheap-in-euros', 'near-2']);
  });
});
