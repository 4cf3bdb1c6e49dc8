import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHex, parseHex } from './index.ts';

describe('parseHex and formatHex', () => {
  it('reads #rrggbb, #rgb, upper case and a missing #', () => {
    assert.deepEqual(parseHex('#ff8000'), { r: 1, g: 128 / 255, b: 0 });
    assert.deepEqual(parseHex('#F80'), { r: 1, g: 136 / 255, b: 0 });
    assert.deepEqual(parseHex('a07e56'), { r: 160 / 255, g: 126 / 255, b: 86 / 255 });
  });

  it('refuses what is not a hex colour', () => {
    for (const text of ['', '#', '#ff80', '#ff80001', '#gg0000', 'red', 'rgb(1,2,3)']) {
      assert.equal(parseHex(text), undefined, text);
    }
  });

  it('writes lower-case #rrggbb and round-trips every byte value', () => {
    for (let v = 0; v < 256; v++) {
      const hex = `#${v.toString(16).padStart(2, '0')}00${(255 - v).toString(16).padStart(2, '0')}`;
      const rgb = parseHex(hex);
      assert.ok(rgb);
      assert.equal(formatHex(rgb), hex);
    }
  });

  it('clamps out-of-gamut channels when writing', () => {
    assert.equal(formatHex({ r: 1.2, g: -0.1, b: 0.5 }), '#ff0080');
  });
});
