import type { Rgb, Rgb8 } from './color-types.ts';

export const srgb8ToSrgb = ({ r, g, b }: Rgb8): Rgb => ({ r: r / 255, g: g / 255, b: b / 255 });
