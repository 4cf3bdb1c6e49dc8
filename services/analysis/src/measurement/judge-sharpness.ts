import type { Box } from '../faces/face-geometry.ts';
import type { RgbImage } from '../intake/rgb-image.ts';

// Faces are judged at this width, so the score does not grow or shrink with the face's size in
// the photo. Larger faces are box-averaged down; smaller ones are used as they are.
export const SHARPNESS_WIDTH = 128;

export interface SharpnessReading {
  /**
   * Variance of the Laplacian over variance of the grey level, on the face box at 128 px wide:
   * the share of the face's contrast in its finest detail. Dividing by the grey variance makes it
   * independent of exposure and of how dark the skin is.
   */
  readonly sharpness: number;
  /** The width in pixels the face was judged at (less than 128 for a small face). */
  readonly judgedWidth: number;
}

/** How sharp the face is: variance of the Laplacian on a grey, size-normalised crop of its box. */
export function judgeSharpness(image: RgbImage, box: Box): SharpnessReading {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height));
  if (x1 - x0 < 3 || y1 - y0 < 3) return { sharpness: 0, judgedWidth: Math.max(0, x1 - x0) };
  const scale = Math.max(1, (x1 - x0) / SHARPNESS_WIDTH);
  const width = Math.max(3, Math.floor((x1 - x0) / scale));
  const height = Math.max(3, Math.floor((y1 - y0) / scale));
  const grey = greyCrop(image, x0, y0, scale, width, height);

  let sum = 0;
  let sumSquares = 0;
  for (const value of grey) {
    sum += value;
    sumSquares += value * value;
  }
  const greyVariance = sumSquares / grey.length - (sum / grey.length) ** 2;

  let lapSum = 0;
  let lapSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      const laplacian = grey[i - width]! + grey[i + width]! + grey[i - 1]! + grey[i + 1]! - 4 * grey[i]!;
      lapSum += laplacian;
      lapSquares += laplacian * laplacian;
      count++;
    }
  }
  const lapVariance = lapSquares / count - (lapSum / count) ** 2;
  return { sharpness: greyVariance > 0 ? lapVariance / greyVariance : 0, judgedWidth: width };
}

/** Luma (BT.601 weights on the 8-bit values) of the crop, each output pixel the mean of its `scale`² footprint. */
function greyCrop(image: RgbImage, x0: number, y0: number, scale: number, width: number, height: number): Float32Array {
  const { rgb } = image;
  const grey = new Float32Array(width * height);
  for (let v = 0; v < height; v++) {
    const top = y0 + Math.floor(v * scale);
    const bottom = Math.max(top + 1, y0 + Math.floor((v + 1) * scale));
    for (let u = 0; u < width; u++) {
      const left = x0 + Math.floor(u * scale);
      const right = Math.max(left + 1, x0 + Math.floor((u + 1) * scale));
      let total = 0;
      for (let y = top; y < bottom; y++) {
        for (let x = left, i = (y * image.width + left) * 3; x < right; x++, i += 3) {
          total += 0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!;
        }
      }
      grey[v * width + u] = total / ((bottom - top) * (right - left));
    }
  }
  return grey;
}
