import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MONK_REFERENCES } from './index.ts';

describe('Monk Skin Tone swatches', () => {
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
});
