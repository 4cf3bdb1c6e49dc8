import { locusOffset, MAX_ILLUMINANT_CCT, MIN_ILLUMINANT_CCT } from './illuminant-locus.ts';

// Pixels this close (CIE 1960 uv) to the curve of plausible lights could be white or grey
// surfaces under one of them. Skin (Duv −0.007 to −0.011 at D65), wood and painted walls mostly
// sit further off; beige does not, which is why an estimate from them needs a confidence.
export const GREY_ZONE_DUV = 0.008;

// The zone as a lookup over chromaticity, so the per-pixel test is one division and a read: each
// 0.002 × 0.002 cell of xy holds the colour temperature of its centre, or 0 outside the zone.
const X0 = 0.22;
const Y0 = 0.22;
const STEP = 0.002;
const SIZE = 180;
const ZONE = buildZone();

/** The colour temperature of a chromaticity in the grey zone (a little past 2500-10000 K, for clamping), 0 outside it. */
export function greyZoneCct(x: number, y: number): number {
  const column = Math.floor((x - X0) / STEP);
  const row = Math.floor((y - Y0) / STEP);
  if (column < 0 || row < 0 || column >= SIZE || row >= SIZE) return 0;
  return ZONE[row * SIZE + column]!;
}

function buildZone(): Float32Array {
  const zone = new Float32Array(SIZE * SIZE);
  for (let row = 0; row < SIZE; row++) {
    for (let column = 0; column < SIZE; column++) {
      const { cct, duv } = locusOffset({ x: X0 + (column + 0.5) * STEP, y: Y0 + (row + 0.5) * STEP });
      const plausible = cct >= 0.9 * MIN_ILLUMINANT_CCT && cct <= 1.2 * MAX_ILLUMINANT_CCT && Math.abs(duv) <= GREY_ZONE_DUV;
      zone[row * SIZE + column] = plausible ? cct : 0;
    }
  }
  return zone;
}

