import type { RgbImage } from '../intake/rgb-image.ts';

/** A square in image pixel coordinates, turned by `angle` radians (clockwise on screen, since y points down). */
export interface SquareRegion {
  readonly centerX: number;
  readonly centerY: number;
  readonly size: number;
  readonly angle: number;
}

/** Maps a byte value v to `v * scale + offset`, the input range a model expects. */
export interface ValueRange {
  readonly scale: number;
  readonly offset: number;
}

/** At most this many taps per axis when averaging: 3×3 keeps a 256 px input from a 1080p photo near 5 ms. */
const maxTaps = 3;
const tile = 16;

/**
 * Resamples a (possibly rotated) square of the image into an `outputSize`² RGB Float32Array in HWC
 * order, ready for a model. Pixels outside the image are black. Near 1:1 each output pixel is one
 * bilinear sample; when the square shrinks by n (n ≥ 1.5) it is the mean of an n×n grid of nearest
 * pixels (up to 3×3), a cheap box filter, so that small model inputs do not alias.
 */
export function sampleSquare(image: RgbImage, region: SquareRegion, outputSize: number, range: ValueRange): Float32Array {
  const step = region.size / outputSize;
  const taps = boxTaps(step);
  if (taps === 1) return sampleBilinear(image, region, outputSize, range);
  if (region.angle === 0) {
    const origin = { x: region.centerX - region.size / 2, y: region.centerY - region.size / 2 };
    return sampleUprightBox(image, origin, step, { width: outputSize, height: outputSize }, range, taps);
  }
  return sampleBox(image, region, outputSize, range, taps);
}

/** Taps per axis when each output pixel spans `step` image pixels: 1 means bilinear, n ≥ 2 an n×n box. */
export function boxTaps(step: number): number {
  return Math.min(maxTaps, Math.max(1, Math.round(step)));
}

/**
 * The box filter of `sampleBox` for an upright (unrotated) rectangle starting at `origin`, `step`
 * image pixels per output pixel. Which image columns and rows each tap reads is worked out once
 * per axis, so the inner loop only adds bytes: ~5× faster than the rotated path, which matters
 * because every photo's whole frame goes through here on its way into the detector.
 */
export function sampleUprightBox(
  image: RgbImage,
  origin: { readonly x: number; readonly y: number },
  step: number,
  output: { readonly width: number; readonly height: number },
  range: ValueRange,
  taps: number,
): Float32Array {
  const { width, height, rgb } = image;
  const columns = tapOffsets(origin.x, step, output.width, taps, width, 3);
  const rows = tapOffsets(origin.y, step, output.height, taps, height, width * 3);
  const pixels = new Float32Array(output.width * output.height * 3);
  const sums = new Float32Array(output.width * 3);
  const scale = range.scale / (taps * taps);
  const offset = range.offset;
  for (let v = 0; v < output.height; v++) {
    sums.fill(0);
    for (let tv = 0; tv < taps; tv++) {
      const row = rows[v * taps + tv]!;
      if (row < 0) continue;
      for (let u = 0, c = 0, s = 0; u < output.width; u++, s += 3) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let tu = 0; tu < taps; tu++, c++) {
          const column = columns[c]!;
          if (column < 0) continue;
          const p = row + column;
          r += rgb[p]!;
          g += rgb[p + 1]!;
          b += rgb[p + 2]!;
        }
        sums[s] = sums[s]! + r;
        sums[s + 1] = sums[s + 1]! + g;
        sums[s + 2] = sums[s + 2]! + b;
      }
    }
    const o = v * output.width * 3;
    for (let i = 0; i < sums.length; i++) pixels[o + i] = sums[i]! * scale + offset;
  }
  return pixels;
}

/** Byte offsets of the image pixels each tap of each output pixel reads along one axis; -1 outside the image. */
function tapOffsets(origin: number, step: number, count: number, taps: number, limit: number, bytesPerPixel: number): Int32Array {
  const offsets = new Int32Array(count * taps);
  for (let i = 0, k = 0; i < count; i++) {
    for (let t = 0; t < taps; t++, k++) {
      const position = Math.floor(origin + (i + (t + 0.5) / taps) * step);
      offsets[k] = position >= 0 && position < limit ? position * bytesPerPixel : -1;
    }
  }
  return offsets;
}

/**
 * The output grid in image space: a step of one output pixel moves (cos, sin) along u and
 * (−sin, cos) along v, and output (half, half) is the square's centre.
 */
function gridOf(region: SquareRegion, outputSize: number): { cos: number; sin: number; half: number } {
  const step = region.size / outputSize;
  return { cos: Math.cos(region.angle) * step, sin: Math.sin(region.angle) * step, half: outputSize / 2 };
}

function sampleBilinear(image: RgbImage, region: SquareRegion, outputSize: number, range: ValueRange): Float32Array {
  const { width, height, rgb } = image;
  const stride = width * 3;
  const { cos, sin, half } = gridOf(region, outputSize);
  const { scale, offset } = range;
  const output = new Float32Array(outputSize * outputSize * 3);
  let o = 0;
  for (let v = 0; v < outputSize; v++) {
    const dv = v + 0.5 - half;
    for (let u = 0; u < outputSize; u++) {
      const du = u + 0.5 - half;
      // Pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is at (i + 0.5, j + 0.5).
      const x = region.centerX + du * cos - dv * sin - 0.5;
      const y = region.centerY + du * sin + dv * cos - 0.5;
      const xFloor = Math.floor(x);
      const yFloor = Math.floor(y);
      const x0 = xFloor | 0;
      const y0 = yFloor | 0;
      let r = 0;
      let g = 0;
      let b = 0;
      if (x >= -0.5 && y >= -0.5 && x < width - 0.5 && y < height - 0.5) {
        const fx = x - xFloor;
        const fy = y - yFloor;
        // Within half a pixel of the border the neighbour outside is the border pixel itself.
        const column0 = (x0 < 0 ? 0 : x0) * 3;
        const column1 = (x0 + 1 >= width ? width - 1 : x0 + 1) * 3;
        const row0 = (y0 < 0 ? 0 : y0) * stride;
        const row1 = (y0 + 1 >= height ? height - 1 : y0 + 1) * stride;
        const p00 = row0 + column0;
        const p01 = row0 + column1;
        const p10 = row1 + column0;
        const p11 = row1 + column1;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        r = w00 * rgb[p00]! + w01 * rgb[p01]! + w10 * rgb[p10]! + w11 * rgb[p11]!;
        g = w00 * rgb[p00 + 1]! + w01 * rgb[p01 + 1]! + w10 * rgb[p10 + 1]! + w11 * rgb[p11 + 1]!;
        b = w00 * rgb[p00 + 2]! + w01 * rgb[p01 + 2]! + w10 * rgb[p10 + 2]! + w11 * rgb[p11 + 2]!;
      }
      output[o++] = r * scale + offset;
      output[o++] = g * scale + offset;
      output[o++] = b * scale + offset;
    }
  }
  return output;
}

function sampleBox(image: RgbImage, region: SquareRegion, outputSize: number, range: ValueRange, taps: number): Float32Array {
  const { width, height, rgb } = image;
  const stride = width * 3;
  const { cos, sin, half } = gridOf(region, outputSize);
  // Each output pixel sums taps² samples: the mean is folded into the scale.
  const scale = range.scale / (taps * taps);
  const offset = range.offset;
  const output = new Float32Array(outputSize * outputSize * 3);
  // Output tiles of 16×16 keep a rotated square's reads within a small patch of the image (cache).
  for (let tileV = 0; tileV < outputSize; tileV += tile) {
    for (let tileU = 0; tileU < outputSize; tileU += tile) {
      for (let v = tileV; v < Math.min(outputSize, tileV + tile); v++) {
        for (let u = tileU; u < Math.min(outputSize, tileU + tile); u++) {
          let r = 0;
          let g = 0;
          let b = 0;
          for (let tv = 0; tv < taps; tv++) {
            const dv = v + (tv + 0.5) / taps - half;
            for (let tu = 0; tu < taps; tu++) {
              const du = u + (tu + 0.5) / taps - half;
              const x = Math.floor(region.centerX + du * cos - dv * sin) | 0;
              const y = Math.floor(region.centerY + du * sin + dv * cos) | 0;
              if (x >= 0 && y >= 0 && x < width && y < height) {
                const p = y * stride + x * 3;
                r += rgb[p]!;
                g += rgb[p + 1]!;
                b += rgb[p + 2]!;
              }
            }
          }
          const o = (v * outputSize + u) * 3;
          output[o] = r * scale + offset;
          output[o + 1] = g * scale + offset;
          output[o + 2] = b * scale + offset;
        }
      }
    }
  }
  return output;
}
