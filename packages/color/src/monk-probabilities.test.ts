import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  lchToLab,
  MONK_REFERENCES,
  monkLevelFromProbabilities,
  monkProbabilities,
  nearestMonk,
  type Lab,
} from './index.ts';

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const mix = (from: Lab, to: Lab, t: number): Lab => ({
  l: from.l + (to.l - from.l) * t,
  a: from.a + (to.a - from.a) * t,
  b: from.b + (to.b - from.b) * t,
});

describe('Monk Skin Tone', () => {
  it('has the ten published swatches in order, lightest first', () => {
    assert.deepEqual(
      MONK_REFERENCES.map((reference) => `${reference.level}${reference.hex}`),
      [
        '1#f6ede4', '2#f3e7db', '3#f7ead0', '4#eadaba', '5#d7bd96',
        '6#a07e56', '7#825c43', '8#604134', '9#3a312a', '10#292420',
      ],
    );
  });

  it("computes each swatch's CIELAB, e.g. MST 6 #a07e56 at L* 55.1, a* 7.8, b* 26.7", () => {
    const { lab } = MONK_REFERENCES[5] ?? assert.fail();
    assert.ok(Math.abs(lab.l - 55.14) < 0.01 && Math.abs(lab.a - 7.78) < 0.01 && Math.abs(lab.b - 26.74) < 0.01);
  });

  for (const reference of MONK_REFERENCES) {
    it(`finds MST ${reference.level} nearest to itself, and its probabilities peak there`, () => {
      assert.deepEqual(nearestMonk(reference.lab), { level: reference.level, deltaE: 0 });
      const probabilities = monkProbabilities(reference.lab);
      assert.equal(probabilities.length, 10);
      assert.ok(Math.abs(sum(probabilities) - 1) < 1e-12);
      assert.equal(monkLevelFromProbabilities(probabilities), reference.level);
    });
  }

  it('sums to 1 and picks the nearest level for any skin colour and temperature', () => {
    for (let l = 10; l <= 95; l += 5) {
      for (const temperature of [0.5, 2, 10]) {
        const lab = lchToLab({ l, c: 18, h: 55 });
        const probabilities = monkProbabilities(lab, temperature);
        assert.ok(Math.abs(sum(probabilities) - 1) < 1e-12);
        assert.ok(probabilities.every((p) => p >= 0 && p <= 1));
        assert.equal(monkLevelFromProbabilities(probabilities), nearestMonk(lab).level);
      }
    }
  });

  it('spreads probability more at a higher temperature', () => {
    const lab = lchToLab({ l: 60, c: 20, h: 60 });
    const peak = (temperature: number): number => Math.max(...monkProbabilities(lab, temperature));
    assert.ok(peak(1) > peak(2) && peak(2) > peak(8));
  });

  it('refuses a temperature that is not positive', () => {
    assert.throws(() => monkProbabilities(MONK_REFERENCES[0]?.lab ?? assert.fail(), 0), RangeError);
  });

  it('never gives a lighter level to a darker colour along the path through the swatches', () => {
    let previous = 1;
    for (let i = 0; i + 1 < MONK_REFERENCES.length; i++) {
      const from = MONK_REFERENCES[i]?.lab ?? assert.fail();
      const to = MONK_REFERENCES[i + 1]?.lab ?? assert.fail();
      for (let step = 0; step <= 50; step++) {
        const level = nearestMonk(mix(from, to, step / 50)).level;
        assert.ok(level >= previous, `MST ${i + 1}→${i + 2} at ${step / 50}: ${level} after ${previous}`);
        previous = level;
      }
    }
    assert.equal(previous, 10);
  });

  it('never gives a lighter level as L* falls at a typical skin hue and chroma', () => {
    let previous = 1;
    const seen = new Set<number>();
    for (let l = 96; l >= 10; l -= 0.5) {
      const level = nearestMonk(lchToLab({ l, c: 15, h: 55 })).level;
      assert.ok(level >= previous, `L* ${l}: ${level} after ${previous}`);
      previous = level;
      seen.add(level);
    }
    assert.ok(seen.size >= 6 && seen.has(10), `levels seen: ${[...seen].join(',')}`);
  });
});
