import type { RgbImage } from './rgb-image.ts';

// Pixels looked at, spread evenly over the photo: plenty to tell, about 0.1 ms.
const SAMPLE_BUDGET = 20_000;
// A channel this close to the others is grey (JPEG's chroma rounding leaves 1-2 levels).
const GREY_TOLERANCE = 3;
// Share of sampled pixels that must be grey: a colour photo has far fewer.
const GREY_SHARE = 0.995;

/**
 * Whether a photo carries no colour: a black-and-white photo (or one decoded from greyscale) has
 * red, green and blue equal everywhere, so it holds nothing to measure skin colour from.
 */
export function isBlackAndWhite(image: RgbImage): boolean {
  const pixels = image.width * image.height;
  if (pixels === 0) return false;
  const step = Math.max(1, Math.floor(pixels / SAMPLE_BUDGET));
  const { rgb } = image;
  let sampled = 0;
  let grey = 0;
  for (let pixel = 0; pixel < pixels; pixel += step) {
    const i = pixel * 3;
    const r = rgb[i]!;
    const g = rgb[i + 1]!;
    const b = rgb[i + 2]!;
    sampled++;
    if (Math.abs(r - g) <= GREY_TOLERANCE && Math.abs(g - b) <= GREY_TOLERANCE && Math.abs(r - b) <= GREY_TOLERANCE) grey++;
  }
  return grey >= GREY_SHARE * sampled;
}
