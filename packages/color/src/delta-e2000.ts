import type { Lab } from './color-types.ts';

/** Parametric weights of CIEDE2000; 1 under the reference conditions (CIE 142-2001). */
export interface DeltaE2000Weights {
  readonly kL?: number;
  readonly kC?: number;
  readonly kH?: number;
}

const DEGREES = Math.PI / 180;
const TWENTY_FIVE_TO_THE_SEVENTH = 25 ** 7;

/**
 * CIEDE2000 colour difference, following Sharma, Wu & Dalal (2005), "The CIEDE2000
 * color-difference formula: implementation notes, supplementary test data, and mathematical
 * observations", Color Res. Appl. 30(1), equations 1–22. Symmetric in its arguments.
 */
export function deltaE2000(reference: Lab, sample: Lab, weights: DeltaE2000Weights = {}): number {
  const { kL = 1, kC = 1, kH = 1 } = weights;
  const { l: l1, a: a1, b: b1 } = reference;
  const { l: l2, a: a2, b: b2 } = sample;

  const meanChroma = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const g = 0.5 * (1 - Math.sqrt(meanChroma ** 7 / (meanChroma ** 7 + TWENTY_FIVE_TO_THE_SEVENTH)));
  const a1p = (1 + g) * a1;
  const a2p = (1 + g) * a2;
  const c1p = Math.hypot(a1p, b1);
  const c2p = Math.hypot(a2p, b2);
  const h1p = hueAngle(a1p, b1);
  const h2p = hueAngle(a2p, b2);

  const deltaLp = l2 - l1;
  const deltaCp = c2p - c1p;
  const chromaProduct = c1p * c2p;
  let deltahp = 0;
  if (chromaProduct !== 0) {
    deltahp = h2p - h1p;
    if (deltahp > 180) deltahp -= 360;
    else if (deltahp < -180) deltahp += 360;
  }
  const deltaHp = 2 * Math.sqrt(chromaProduct) * Math.sin((deltahp / 2) * DEGREES);

  const meanLp = (l1 + l2) / 2;
  const meanCp = (c1p + c2p) / 2;
  let meanhp = h1p + h2p;
  if (chromaProduct !== 0) {
    if (Math.abs(h1p - h2p) <= 180) meanhp /= 2;
    else meanhp = meanhp < 360 ? (meanhp + 360) / 2 : (meanhp - 360) / 2;
  }

  const t =
    1 -
    0.17 * Math.cos((meanhp - 30) * DEGREES) +
    0.24 * Math.cos(2 * meanhp * DEGREES) +
    0.32 * Math.cos((3 * meanhp + 6) * DEGREES) -
    0.2 * Math.cos((4 * meanhp - 63) * DEGREES);
  const deltaTheta = 30 * Math.exp(-(((meanhp - 275) / 25) ** 2));
  const rc = 2 * Math.sqrt(meanCp ** 7 / (meanCp ** 7 + TWENTY_FIVE_TO_THE_SEVENTH));
  const lightnessOffset = (meanLp - 50) ** 2;
  const sl = 1 + (0.015 * lightnessOffset) / Math.sqrt(20 + lightnessOffset);
  const sc = 1 + 0.045 * meanCp;
  const sh = 1 + 0.015 * meanCp * t;
  const rt = -Math.sin(2 * deltaTheta * DEGREES) * rc;

  const lightness = deltaLp / (kL * sl);
  const chroma = deltaCp / (kC * sc);
  const hue = deltaHp / (kH * sh);
  return Math.sqrt(lightness ** 2 + chroma ** 2 + hue ** 2 + rt * chroma * hue);
}

/** h' in degrees, 0 ≤ h' < 360, and 0 where a' = b' = 0 (Sharma eq. 4). */
function hueAngle(a: number, b: number): number {
  if (a === 0 && b === 0) return 0;
  const degrees = Math.atan2(b, a) / DEGREES;
  return degrees < 0 ? degrees + 360 : degrees;
}
