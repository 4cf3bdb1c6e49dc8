import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { differenceCiede2000 } from 'culori';
import { deltaE2000, type Lab } from './index.ts';
import { seededRandom } from '@shine/platform/seeded-random';

// Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes,
// supplementary test data, and mathematical observations", Color Res. Appl. 30(1):21–30, Table 1.
// Columns: L1 a1 b1, L2 a2 b2, ΔE00.
const SHARMA_TABLE_1: readonly (readonly [number, number, number, number, number, number, number])[] = [
  [50.0, 2.6772, -79.7751, 50.0, 0.0, -82.7485, 2.0425],
  [50.0, 3.1571, -77.2803, 50.0, 0.0, -82.7485, 2.8615],
  [50.0, 2.8361, -74.02, 50.0, 0.0, -82.7485, 3.4412],
  [50.0, -1.3802, -84.2814, 50.0, 0.0, -82.7485, 1.0],
  [50.0, -1.1848, -84.8006, 50.0, 0.0, -82.7485, 1.0],
  [50.0, -0.9009, -85.5211, 50.0, 0.0, -82.7485, 1.0],
  [50.0, 0.0, 0.0, 50.0, -1.0, 2.0, 2.3669],
  [50.0, -1.0, 2.0, 50.0, 0.0, 0.0, 2.3669],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0009, 7.1792],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.001, 7.1792],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0011, 7.2195],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0012, 7.2195],
  [50.0, -0.001, 2.49, 50.0, 0.0009, -2.49, 4.8045],
  [50.0, -0.001, 2.49, 50.0, 0.001, -2.49, 4.8045],
  [50.0, -0.001, 2.49, 50.0, 0.0011, -2.49, 4.7461],
  [50.0, 2.5, 0.0, 50.0, 0.0, -2.5, 4.3065],
  [50.0, 2.5, 0.0, 73.0, 25.0, -18.0, 27.1492],
  [50.0, 2.5, 0.0, 61.0, -5.0, 29.0, 22.8977],
  [50.0, 2.5, 0.0, 56.0, -27.0, -3.0, 31.903],
  [50.0, 2.5, 0.0, 58.0, 24.0, 15.0, 19.4535],
  [50.0, 2.5, 0.0, 50.0, 3.1736, 0.5854, 1.0],
  [50.0, 2.5, 0.0, 50.0, 3.2972, 0.0, 1.0],
  [50.0, 2.5, 0.0, 50.0, 1.8634, 0.5757, 1.0],
  [50.0, 2.5, 0.0, 50.0, 3.2592, 0.335, 1.0],
  [60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644],
  [63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.263],
  [61.2901, 3.7196, -5.3901, 61.4292, 2.248, -4.962, 1.8731],
  [35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645],
  [22.7233, 20.0904, -46.694, 23.0331, 14.973, -42.5619, 2.0373],
  [36.4612, 47.858, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146],
  [90.8027, -2.0831, 1.441, 91.1528, -1.6435, 0.0447, 1.4441],
  [90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381],
  [6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377],
  [2.0776, 0.0795, -1.135, 0.9033, -0.0636, -0.5514, 0.9082],
];

describe('deltaE2000', () => {
  it("has all 34 of Sharma's pairs to check", () => {
    assert.equal(SHARMA_TABLE_1.length, 34);
  });

  SHARMA_TABLE_1.forEach(([l1, a1, b1, l2, a2, b2, expected], index) => {
    it(`matches Sharma pair ${index + 1} to 1e-4, in both orders`, () => {
      const first: Lab = { l: l1, a: a1, b: b1 };
      const second: Lab = { l: l2, a: a2, b: b2 };
      assert.ok(Math.abs(deltaE2000(first, second) - expected) < 1e-4, `got ${deltaE2000(first, second)}`);
      assert.ok(Math.abs(deltaE2000(second, first) - expected) < 1e-4, `got ${deltaE2000(second, first)}`);
    });
  });

  it('is zero for a colour and itself', () => {
    assert.equal(deltaE2000({ l: 40, a: 12, b: 30 }, { l: 40, a: 12, b: 30 }), 0);
  });

  it('divides the lightness term by kL', () => {
    const grey = { l: 50, a: 0, b: 0 };
    const lighter = { l: 60, a: 0, b: 0 };
    assert.ok(Math.abs(deltaE2000(grey, lighter, { kL: 2 }) * 2 - deltaE2000(grey, lighter)) < 1e-12);
  });

  it('agrees with culori, kL/kC/kH included, on 2000 seeded random pairs', () => {
    const random = seededRandom(2005);
    const weights = { kL: 2, kC: 1.5, kH: 0.8 };
    const culoriDefault = differenceCiede2000();
    const culoriWeighted = differenceCiede2000(weights.kL, weights.kC, weights.kH);
    for (let i = 0; i < 2000; i++) {
      const first = { l: random.next() * 100, a: random.next() * 160 - 80, b: random.next() * 160 - 80 };
      const second = { l: random.next() * 100, a: random.next() * 160 - 80, b: random.next() * 160 - 80 };
      const [x, y] = [{ mode: 'lab65', ...first }, { mode: 'lab65', ...second }];
      assert.ok(Math.abs(deltaE2000(first, second) - culoriDefault(x, y)) < 1e-9);
      assert.ok(Math.abs(deltaE2000(first, second, weights) - culoriWeighted(x, y)) < 1e-9);
    }
  });
});
