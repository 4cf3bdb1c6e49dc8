import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillPolygon } from './fill-polygon.ts';

const polygon = (...points: number[]) => Float64Array.from(points);
const asSet = (pixels: Uint32Array) => new Set(pixels);

describe('fillPolygon', () => {
  it('fills an axis-aligned rectangle on pixel edges exactly', () => {
    const pixels = fillPolygon(polygon(2, 1, 6, 1, 6, 4, 2, 4), 10, 10);
    const expected: number[] = [];
    for (let y = 1; y < 4; y++) for (let x = 2; x < 6; x++) expected.push(y * 10 + x);
    assert.deepEqual(Array.from(pixels), expected);
  });

  it('takes a pixel when its centre is inside, whichever way the polygon winds', () => {
    // Edges through pixel centres at x = 2.5 and 5.5: the left one is in, the right one out (half-open).
    const clockwise = fillPolygon(polygon(2.5, 0.2, 5.5, 0.2, 5.5, 0.8, 2.5, 0.8), 10, 3);
    const anticlockwise = fillPolygon(polygon(2.5, 0.2, 2.5, 0.8, 5.5, 0.8, 5.5, 0.2), 10, 3);
    assert.deepEqual(Array.from(clockwise), [2, 3, 4]);
    assert.deepEqual(Array.from(anticlockwise), [2, 3, 4]);
  });

  it('fills a triangle with its area in pixels, to within its perimeter', () => {
    // Right triangle with legs 100: area 5000.
    const count = fillPolygon(polygon(10, 10, 110, 10, 10, 110), 200, 200).length;
    assert.ok(Math.abs(count - 5000) < 150, `${count} pixels`);
  });

  it('leaves the notch of a concave polygon empty', () => {
    // An L: a 6×6 square missing its top-right 3×3 quarter.
    const pixels = asSet(fillPolygon(polygon(0, 0, 3, 0, 3, 3, 6, 3, 6, 6, 0, 6), 8, 8));
    assert.equal(pixels.size, 27);
    assert.ok(!pixels.has(1 * 8 + 4), 'the notch (4, 1) is outside');
    assert.ok(pixels.has(1 * 8 + 1) && pixels.has(4 * 8 + 4));
  });

  it('clips a polygon that reaches past the image', () => {
    const pixels = fillPolygon(polygon(-5, -5, 15, -5, 15, 3, -5, 3), 10, 10);
    assert.equal(pixels.length, 30);
    assert.equal(pixels[0], 0);
    assert.equal(pixels.at(-1), 29);
  });

  it('returns nothing for a polygon outside the image or with fewer than 3 vertices', () => {
    assert.equal(fillPolygon(polygon(20, 20, 30, 20, 30, 30), 10, 10).length, 0);
    assert.equal(fillPolygon(polygon(1, 1, 5, 5), 10, 10).length, 0);
  });

  it('fills a concave star with its shoelace area, in ascending order and each pixel once', () => {
    const star = polygon(50, 0, 61, 35, 98, 35, 68, 57, 79, 91, 50, 70, 21, 91, 32, 57, 2, 35, 39, 35);
    let twiceArea = 0;
    for (let v = 0; v < 10; v++) {
      const w = (v + 1) % 10;
      twiceArea += star[2 * v]! * star[2 * w + 1]! - star[2 * w]! * star[2 * v + 1]!;
    }
    const pixels = fillPolygon(star, 100, 100);
    for (let i = 1; i < pixels.length; i++) assert.ok(pixels[i]! > pixels[i - 1]!);
    assert.ok(Math.abs(pixels.length - Math.abs(twiceArea) / 2) < 60, `${pixels.length} pixels, area ${Math.abs(twiceArea) / 2}`);
  });
});
