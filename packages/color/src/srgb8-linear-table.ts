import { srgbChannelToLinear } from './srgb-to-linear.ts';

/** Linear light of each 8-bit sRGB level, so hot loops look up instead of calling pow. */
export const SRGB8_LINEAR_TABLE: Float64Array = Float64Array.from({ length: 256 }, (_, level) =>
  srgbChannelToLinear(level / 255),
);
