import { locusOffset, MAX_ILLUMINANT_CCT, MIN_ILLUMINANT_CCT } from './illuminant-locus.ts';

/**
 * The chromaticities within `duv` (CIE 1960 uv) of the curve of plausible lights, as a lookup
 * over xy so the per-pixel test is two divisions and a read: each 0.002 × 0.002 cell holds the
 * colour temperature of its centre, or 0 outside the zone.
 */
export class ChromaticityZone {
  static readonly #x0 = 0.2;
  static readonly #y0 = 0.2;
  static readonly #step = 0.002;
  static readonly #size = 200;
  readonly #cells: Float32Array;

  constructor(duv: number) {
    const size = ChromaticityZone.#size;
    this.#cells = new Float32Array(size * size);
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) {
        const x = ChromaticityZone.#x0 + (column + 0.5) * ChromaticityZone.#step;
        const y = ChromaticityZone.#y0 + (row + 0.5) * ChromaticityZone.#step;
        const offset = locusOffset({ x, y });
        const plausible = offset.cct >= 0.9 * MIN_ILLUMINANT_CCT && offset.cct <= 1.2 * MAX_ILLUMINANT_CCT && Math.abs(offset.duv) <= duv;
        this.#cells[row * size + column] = plausible ? offset.cct : 0;
      }
    }
  }

  /** The colour temperature of a chromaticity in the zone (a little past 2500-10000 K, for clamping), 0 outside it. */
  cctAt(x: number, y: number): number {
    const size = ChromaticityZone.#size;
    const column = Math.floor((x - ChromaticityZone.#x0) / ChromaticityZone.#step);
    const row = Math.floor((y - ChromaticityZone.#y0) / ChromaticityZone.#step);
    if (column < 0 || row < 0 || column >= size || row >= size) return 0;
    return this.#cells[row * size + column]!;
  }
}

// Pixels this close to the curve of plausible lights could be white or grey surfaces under one of
// them, and vote for the light. Skin (Duv −0.007 to −0.011 at D65), wood and painted walls mostly
// sit further off; beige does not, which is why an estimate from them needs a confidence.
export const GREY_ZONE_DUV = 0.008;
export const GREY_ZONE = new ChromaticityZone(GREY_ZONE_DUV);

// Surfaces this close are near enough to neutral to be the scene's white (a white wall under a
// tinted light or a tinted camera balance still is); a saturated backdrop, however bright, is not.
export const NEAR_NEUTRAL_DUV = 0.02;
export const NEAR_NEUTRAL_ZONE = new ChromaticityZone(NEAR_NEUTRAL_DUV);
