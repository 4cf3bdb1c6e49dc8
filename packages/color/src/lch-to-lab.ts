import type { Lab, Lch } from './color-types.ts';

export function lchToLab({ l, c, h }: Lch): Lab {
  const radians = (h * Math.PI) / 180;
  return { l, a: c * Math.cos(radians), b: c * Math.sin(radians) };
}
