/** Packed 8-bit sRGB pixels, 3 bytes per pixel, rows top to bottom, no padding. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}
