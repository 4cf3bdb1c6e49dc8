import { linearChannelToSrgb, SRGB8_LINEAR_TABLE, whiteXyzOfCct, xyz65ToLinear } from '@shine/color';
import type { RgbImage } from '../intake/rgb-image.ts';

/**
 * A copy of the photo as if its light had been `gains` times as strong per linear-sRGB channel
 * (clipping at white), on the whole image or only on `pixels`: a colour cast, an exposure step, or
 * a face re-toned. Tests and the eval only.
 */
export function relight(image: RgbImage, gains: readonly [number, number, number], pixels?: Uint32Array): RgbImage {
  const tables = gains.map((gain) => Uint8Array.from({ length: 256 }, (_, level) => Math.round(255 * linearChannelToSrgb(Math.min(1, SRGB8_LINEAR_TABLE[level]! * gain)))));
  const rgb = Uint8Array.from(image.rgb);
  const apply = (pixel: number) => {
    for (let c = 0; c < 3; c++) rgb[3 * pixel + c] = tables[c]![rgb[3 * pixel + c]!]!;
  };
  if (pixels === undefined) for (let pixel = 0; pixel < image.width * image.height; pixel++) apply(pixel);
  else for (const pixel of pixels) apply(pixel);
  return { width: image.width, height: image.height, rgb };
}

/** The linear-sRGB multipliers a light of `cct` puts on a scene balanced for D65, the largest 1 (so nothing new clips). */
export function castOf(cct: number): [number, number, number] {
  const { r, g, b } = xyz65ToLinear(whiteXyzOfCct(cct, cct < 4000 ? 'planckian' : 'daylight'));
  const largest = Math.max(r, g, b);
  return [r / largest, g / largest, b / largest];
}

/** The multipliers of an exposure change of `stops` (+1: twice the light). */
export function exposureOf(stops: number): [number, number, number] {
  const gain = 2 ** stops;
  return [gain, gain, gain];
}
