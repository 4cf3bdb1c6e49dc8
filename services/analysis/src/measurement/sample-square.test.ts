import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RgbImage } from '../intake/rgb-image.ts';
import { sampleSquare } from './sample-square.ts';

/** A width × height image whose red channel is x and green channel is y, blue 7. */
function coordinateImage(width: number, height: number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgb.set([x, y, 7], (y * width + x) * 3);
  }
  return { width, height, rgb };
}

const bytes = { scale: 1, offset: 0 };
const at = (output: Float32Array, size: number, u: number, v: number) => Array.from(output.subarray((v * size + u) * 3, (v * size + u) * 3 + 3));

describe('sampleSquare', () => {
  it('copies pixels exactly at 1:1', () => {
    const image = coordinateImage(20, 10);
    const output = sampleSquare(image, { centerX: 10, centerY: 5, size: 10, angle: 0 }, 10, bytes);
    assert.deepEqual(at(output, 10, 0, 0), [5, 0, 7]);
    assert.deepEqual(at(output, 10, 9, 9), [14, 9, 7]);
  });

  it('fills what lies outside the image with black, as a letterbox', () => {
    const image = coordinateImage(20, 10);
    const output = sampleSquare(image, { centerX: 10, centerY: 5, size: 20, angle: 0 }, 20, bytes);
    assert.deepEqual(at(output, 20, 3, 0), [0, 0, 0]);
    assert.deepEqual(at(output, 20, 3, 5), [3, 0, 7]);
  });

  it('turns the square by its angle: a quarter turn maps the output x axis onto the image y axis', () => {
    const image = coordinateImage(40, 40);
    const output = sampleSquare(image, { centerX: 20, centerY: 20, size: 10, angle: Math.PI / 2 }, 10, bytes);
    // Output (u, v) looks at image (20 - (v - 4.5), 20 + (u - 4.5)) give or take rounding.
    const [red, green] = at(output, 10, 9, 0);
    assert.ok(Math.abs(red! - 24) <= 1 && Math.abs(green! - 24) <= 1, `got ${red}, ${green}`);
  });

  it('averages when shrinking, so fine stripes become grey instead of aliasing', () => {
    const width = 64;
    const rgb = new Uint8Array(width * width * 3);
    for (let i = 0; i < width * width; i++) rgb.fill((i % width) % 2 === 0 ? 0 : 255, i * 3, i * 3 + 3);
    const output = sampleSquare({ width, height: width, rgb }, { centerX: 32, centerY: 32, size: 64, angle: 0 }, 32, bytes);
    for (const value of output) assert.ok(Math.abs(value - 127.5) < 1, `got ${value}`);
  });

  it('maps byte values into the range a model wants', () => {
    const image: RgbImage = { width: 1, height: 1, rgb: Uint8Array.of(0, 255, 51) };
    const output = sampleSquare(image, { centerX: 0.5, centerY: 0.5, size: 1, angle: 0 }, 1, { scale: 1 / 127.5, offset: -1 });
    assert.deepEqual(Array.from(output, (v) => Math.round(v * 100) / 100), [-1, 1, -0.6]);
  });

  it('letterboxes an upright frame into a box-filtered square exactly as the per-tap definition says', () => {
    const width = 97;
    const height = 61;
    const rgb = new Uint8Array(width * height * 3);
    let seed = 12345;
    for (let i = 0; i < rgb.length; i++) rgb[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const size = 32;
    const region = { centerX: width / 2, centerY: height / 2, size: width, angle: 0 };
    const output = sampleSquare({ width, height, rgb }, region, size, bytes);
    const step = width / size;
    const taps = 3;
    for (let v = 0; v < size; v++) {
      for (let u = 0; u < size; u++) {
        const expected = [0, 0, 0];
        for (let tv = 0; tv < taps; tv++) {
          for (let tu = 0; tu < taps; tu++) {
            const x = Math.floor(region.centerX + (u + (tu + 0.5) / taps - size / 2) * step);
            const y = Math.floor(region.centerY + (v + (tv + 0.5) / taps - size / 2) * step);
            if (x < 0 || y < 0 || x >= width || y >= height) continue;
            for (let c = 0; c < 3; c++) expected[c]! += rgb[(y * width + x) * 3 + c]! / (taps * taps);
          }
        }
        const actual = at(output, size, u, v);
        for (let c = 0; c < 3; c++) assert.ok(Math.abs(actual[c]! - expected[c]!) < 1e-3, `(${u}, ${v}) channel ${c}: ${actual[c]} ≠ ${expected[c]}`);
      }
    }
  });
});
