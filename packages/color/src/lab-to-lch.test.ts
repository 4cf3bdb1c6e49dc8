import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { converter } from 'culori';
import { labToLch, lchToLab } from './index.ts';
import { seededRandom } from '@shine/platform/seeded-random';

const toLch65 = converter('lch65');

describe('labToLch and lchToLab', () => {
  it('gives chroma and hue in degrees on the four axes', () => {
    assert.deepEqual(labToLch({ l: 50, a: 10, b: 0 }), { l: 50, c: 10, h: 0 });
    assert.deepEqual(labToLch({ l: 50, a: 0, b: 10 }), { l: 50, c: 10, h: 90 });
    assert.deepEqual(labToLch({ l: 50, a: -10, b: 0 }), { l: 50, c: 10, h: 180 });
    assert.deepEqual(labToLch({ l: 50, a: 0, b: -10 }), { l: 50, c: 10, h: 270 });
  });

  it("agrees with culori's lch65 and round-trips on 1000 seeded colours", () => {
    const random = seededRandom(11);
    for (let i = 0; i < 1000; i++) {
      const lab = { l: random.next() * 100, a: random.next() * 200 - 100, b: random.next() * 200 - 100 };
      const lch = labToLch(lab);
      const expected = toLch65({ mode: 'lab65', ...lab });
      assert.ok(Math.abs(lch.c - (expected['c'] as number)) < 1e-9);
      assert.ok(Math.abs(lch.h - (expected['h'] as number)) < 1e-9);
      assert.ok(lch.h >= 0 && lch.h < 360);
      const back = lchToLab(lch);
      assert.ok(Math.abs(back.a - lab.a) < 1e-9 && Math.abs(back.b - lab.b) < 1e-9);
    }
  });
});
