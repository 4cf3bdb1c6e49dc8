import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deltaE2000 } from '@shine/color';
import { seededRandom } from '@shine/platform/seeded-random';
import { deltaE2000LowerBound, lightnessBound } from './delta-e2000-bound.ts';

describe('CIEDE2000 lower bounds', () => {
  it('never exceed CIEDE2000, over 300 000 random pairs of every hue', () => {
    const random = seededRandom(11);
    let worst = 0;
    for (let run = 0; run < 300_000; run++) {
      const near = random.chance(0.5);
      const first = { l: random.between(0, 100), a: random.between(-100, 100), b: random.between(-100, 100) };
      const second = near
        ? { l: first.l + random.between(-5, 5), a: first.a + random.between(-5, 5), b: first.b + random.between(-5, 5) }
        : { l: random.between(0, 100), a: random.between(-100, 100), b: random.between(-100, 100) };
      const exact = deltaE2000(first, second);
      const bound = deltaE2000LowerBound(first.l, first.a, first.b, Math.hypot(first.a, first.b), second.l, second.a, second.b, Math.hypot(second.a, second.b));
      assert.ok(bound <= exact + 1e-9, JSON.stringify({ first, second, exact, bound }));
      assert.ok(lightnessBound(first.l, second.l) <= exact + 1e-9);
      if (first.b >= 0 && second.b >= 0 && exact > 0) worst = Math.max(worst, bound / exact);
    }
    assert.ok(worst > 0.6, `the bound is useful: it reaches ${worst.toFixed(2)} of ΔE00`);
  });

  it('is tight enough on skin colours to skip most shades', () => {
    const skin = { l: 60, a: 14, b: 22 };
    const shade = { l: 61, a: 17, b: 27 };
    const bound = deltaE2000LowerBound(skin.l, skin.a, skin.b, Math.hypot(skin.a, skin.b), shade.l, shade.a, shade.b, Math.hypot(shade.a, shade.b));
    assert.ok(bound / deltaE2000(skin, shade) > 0.7, `${bound} against ${deltaE2000(skin, shade)}`);
  });
});
