import type { Undertone } from '../catalog-record.ts';

export type UndertoneCompatibility = 'match' | 'compatible' | 'mismatch' | 'unknown';

/** Same undertone: a match; neutral against warm or cool: compatible; warm against cool: a mismatch. */
export function undertoneCompatibility(skin: Undertone | undefined, shade: Undertone | undefined): UndertoneCompatibility {
  if (skin === undefined || shade === undefined) return 'unknown';
  if (skin === shade) return 'match';
  return skin === 'neutral' || shade === 'neutral' ? 'compatible' : 'mismatch';
}

/**
 * How much further (in ΔE00) a shade ranks for its undertone: a warm-on-cool shade has to be 1.5 ΔE00
 * closer than a matching one to come first: less than the step between neighbouring shades of a
 * typical range (about 2 ΔE00), so undertone decides between near neighbours, never across the range.
 */
export const UNDERTONE_PENALTY: Readonly<Record<UndertoneCompatibility, number>> = {
  match: 0,
  unknown: 0,
  compatible: 0.5,
  mismatch: 1.5,
};
