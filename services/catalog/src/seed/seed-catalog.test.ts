import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deltaE2000, lchToLab, parseHex, skinLightnessOfMonk, srgbToLab65, typicalSkinHue, undertoneOf } from '@shine/color';
import { seededRandom } from '@shine/platform/seeded-random';
import { generateSeedCatalog } from './seed-catalog.ts';

describe('the seed catalogue', () => {
  const catalogue = generateSeedCatalog();
  const foundations = catalogue.filter((product) => product.category === 'foundation');

  it('is the same on every run from the same seed, and different from another seed', () => {
    assert.deepEqual(generateSeedCatalog(), catalogue);
    assert.notDeepEqual(generateSeedCatalog({ seed: 7 }), catalogue);
  });

  it('has at least 30 foundation ranges of 20 to 50 shades, plus concealer, blush and lipstick', () => {
    assert.ok(foundations.length >= 30, `${foundations.length} foundation ranges`);
    for (const range of foundations) {
      assert.ok(range.shades.length >= 20 && range.shades.length <= 50, `${range.name}: ${range.shades.length} shades`);
    }
    const categories = new Set(catalogue.map((product) => product.category));
    for (const category of ['concealer', 'blush', 'lipstick'] as const) assert.ok(categories.has(category), category);
  });

  it('covers every Monk level in every foundation range, and gives the deep levels at least as many shades as the light ones', () => {
    const perLevel = new Array<number>(11).fill(0);
    for (const range of foundations) {
      const levels = new Set(range.shades.map((shade) => shade.monkLevel));
      for (let level = 1; level <= 10; level++) assert.ok(levels.has(level), `${range.brand} ${range.name} lacks Monk ${level}`);
      for (const shade of range.shades) perLevel[shade.monkLevel!]! += 1;
    }
    const [light, deep] = [perLevel.slice(1, 4), perLevel.slice(8, 11)].map((counts) => counts.reduce((sum, count) => sum + count, 0));
    assert.ok(deep! >= light!, `MST 8-10: ${deep} shades, MST 1-3: ${light}`);
  });

  it('makes a shade labelled MST k the colour MST k skin measures as: its L* within that level of the Monk skin scale', () => {
    for (const range of foundations) {
      for (const shade of range.shades) {
        const level = shade.monkLevel!;
        const [lighter, deeper] = [skinLightnessOfMonk(level - 0.5), skinLightnessOfMonk(level + 0.5)];
        assert.ok(shade.lab.l <= lighter + 0.01 && shade.lab.l >= deeper - 0.01, `${shade.name}: L* ${shade.lab.l.toFixed(1)} for MST ${level} (${deeper.toFixed(1)}-${lighter.toFixed(1)})`);
      }
    }
  });

  it('gives deep ranges as fine steps as light ones: no L* step above 6 between neighbouring shades', () => {
    for (const range of foundations) {
      const byLightness = [...range.shades].sort((left, right) => right.lab.l - left.lab.l);
      for (let index = 1; index < byLightness.length; index++) {
        const gap = Math.abs(byLightness[index - 1]!.lab.l - byLightness[index]!.lab.l);
        assert.ok(gap < 6, `${range.brand} ${range.name}: L* gap ${gap.toFixed(1)} at ${byLightness[index]!.name}`);
      }
    }
  });

  it('stores a CIELAB that is the colour of the hex, and undertone labels that the colour agrees with', () => {
    for (const range of foundations) {
      for (const shade of range.shades) {
        assert.ok(deltaE2000(srgbToLab65(parseHex(shade.hex)!), shade.lab) < 0.01, `${shade.name} ${shade.hex}`);
        assert.equal(shade.undertone, undertoneOf(shade.lab).undertone, `${range.brand} ${range.name} ${shade.name}`);
      }
    }
    const undertones = new Set(foundations.flatMap((range) => range.shades.map((shade) => shade.undertone)));
    assert.deepEqual(undertones, new Set(['warm', 'neutral', 'cool']));
  });

  it('has a shade within 2.5 ΔE00 of most skin colours, deep as well as light', () => {
    const shades = foundations.flatMap((range) => range.shades.map((shade) => shade.lab));
    const random = seededRandom(5);
    const misses: string[] = [];
    for (let sample = 0; sample < 500; sample++) {
      // Skin as measured: L* 25-85, hue around the neutral skin hue, chroma peaking at mid depth.
      const l = random.between(25, 85);
      const skin = lchToLab({ l, c: Math.max(8, 26 - Math.abs(l - 57) * 0.35 + random.between(-5, 5)), h: typicalSkinHue(l) + random.between(-12, 12) });
      const nearest = Math.min(...shades.map((shade) => deltaE2000(skin, shade)));
      if (nearest > 2.5) misses.push(`L* ${l.toFixed(0)}: ${nearest.toFixed(1)}`);
    }
    assert.ok(misses.length < 25, `no close shade for ${misses.length} of 500: ${misses.join(', ')}`);
  });

  it('has unique product ids and unique shade names within each product', () => {
    assert.equal(new Set(catalogue.map((product) => product.externalId)).size, catalogue.length);
    for (const product of catalogue) assert.equal(new Set(product.shades.map((shade) => shade.name)).size, product.shades.length, product.name);
  });

  it('spreads prices over tiers and currencies', () => {
    const currencies = new Set(catalogue.map((product) => product.price.currency));
    assert.ok(currencies.size >= 3, [...currencies].join());
    const amounts = foundations.map((product) => Number(product.price.amount));
    assert.ok(Math.min(...amounts) < 16 && Math.max(...amounts) > 38, `${Math.min(...amounts)}..${Math.max(...amounts)}`);
  });
});
