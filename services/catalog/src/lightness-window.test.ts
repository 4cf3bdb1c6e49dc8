import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deltaE2000 } from '@shine/color';
import { lightnessWindow } from './lightness-window.ts';
import { seededRandom } from './seeded-random.ts';

describe('lightnessWindow', () => {
  it('holds every colour within the CIEDE2000 radius, over a million random pairs', () => {
    const random = seededRandom(7);
    let near = 0;
    for (let run = 0; run < 1_000_000; run++) {
      const reference = { l: random.between(0, 100), a: random.between(-80, 80), b: random.between(-80, 80) };
      const sample = {
        l: Math.min(100, Math.max(0, reference.l + random.between(-15, 15))),
        a: reference.a + random.between(-20, 20),
        b: reference.b + random.between(-20, 20),
      };
      const radius = random.pick([0.5, 1, 2, 4, 8]);
      if (deltaE2000(reference, sample) > radius) continue;
      near++;
      const window = lightnessWindow(reference.l, radius);
      assert.ok(sample.l >= window.low && sample.l <= window.high, JSON.stringify({ reference, sample, radius, window }));
    }
    assert.ok(near > 10_000, `only ${near} pairs fell inside their radius`);
  });

  it('is tighter near mid lightness, where CIEDE2000 weighs lightness most', () => {
    const middle = lightnessWindow(50, 2);
    const light = lightnessWindow(90, 2);
    assert.ok(middle.high - middle.low < light.high - light.low);
    assert.ok(middle.high - middle.low >= 4);
  });
});
