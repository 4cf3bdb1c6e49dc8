import type { Box } from '../faces/face-geometry.ts';
import type { RgbImage } from '../intake/rgb-image.ts';

/**
 * A portrait made anew: the head and shoulders around `face` (the box grown to twice its size,
 * and down to the photo's bottom edge for the shoulders) pasted onto a plain backdrop of one
 * sRGB colour, three face-widths of backdrop on each side. Tests and the eval only: the same
 * skin in the same light must measure the same on a white, a dark or a saturated backdrop.
 */
export function compositeOnBackdrop(image: RgbImage, face: Box, backdrop: readonly [number, number, number]): RgbImage {
  const left = Math.max(0, Math.floor(face.x - face.width / 2));
  const right = Math.min(image.width, Math.ceil(face.x + 1.5 * face.width));
  const top = Math.max(0, Math.floor(face.y - face.height / 2));
  const bottom = image.height;
  const margin = Math.round(3 * face.width);
  const width = right - left + 2 * margin;
  const height = bottom - top + margin;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set(backdrop, 3 * i);
  for (let y = top; y < bottom; y++) {
    const from = (y * image.width + left) * 3;
    rgb.set(image.rgb.subarray(from, from + (right - left) * 3), ((y - top + margin) * width + margin) * 3);
  }
  return { width, height, rgb };
}
