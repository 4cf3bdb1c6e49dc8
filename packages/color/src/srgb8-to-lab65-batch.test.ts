import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SRGB8_LINEAR_TABLE, srgb8ToLab65, srgb8ToLab65Batch, srgbChannelToLinear } from './index.ts';
import { seededRandom } from '@shine/platform/seeded-random';

function randomBytes(length: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length }, () => Math.floor(random.next() * 256));
}

describe('srgb8ToLab65Batch', () => {
  it('has the transfer function of every 8-bit level in its table', () => {
    assert.equal(SRGB8_LINEAR_TABLE.length, 256);
    for (let v = 0; v < 256; v++) assert.equal(SRGB8_LINEAR_TABLE[v], srgbChannelToLinear(v / 255));
  });

  for (const channels of [3, 4] as const) {
    it(`equals the scalar path exactly for 2000 seeded ${channels}-channel pixels`, () => {
      const rgb = randomBytes(2000 * channels, channels);
      const out = new Float64Array(2000 * 3);
      assert.equal(srgb8ToLab65Batch(rgb, channels, out), 2000);
      for (let p = 0; p < 2000; p++) {
        const i = p * channels;
        const lab = srgb8ToLab65({ r: rgb[i] ?? 0, g: rgb[i + 1] ?? 0, b: rgb[i + 2] ?? 0 });
        assert.deepEqual([out[p * 3], out[p * 3 + 1], out[p * 3 + 2]], [lab.l, lab.a, lab.b]);
      }
    });
  }

  it('writes the scalar values rounded to float32 into a Float32Array, from a Uint8ClampedArray', () => {
    const rgb = Uint8ClampedArray.from(randomBytes(500 * 4, 9));
    const out = new Float32Array(500 * 3);
    srgb8ToLab65Batch(rgb, 4, out);
    for (let p = 0; p < 500; p++) {
      const lab = srgb8ToLab65({ r: rgb[p * 4] ?? 0, g: rgb[p * 4 + 1] ?? 0, b: rgb[p * 4 + 2] ?? 0 });
      assert.deepEqual([out[p * 3], out[p * 3 + 1], out[p * 3 + 2]], [lab.l, lab.a, lab.b].map(Math.fround));
    }
  });

  it('refuses a partial pixel or an output too small', () => {
    assert.throws(() => srgb8ToLab65Batch(new Uint8Array(5), 3, new Float64Array(6)), RangeError);
    assert.throws(() => srgb8ToLab65Batch(new Uint8Array(8), 4, new Float64Array(5)), RangeError);
  });
});
