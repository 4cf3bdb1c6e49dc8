import { D65_XY, LINEAR_SRGB_TO_XYZ65, SRGB8_LINEAR_TABLE, type Xy } from '@shine/color';
import type { Box } from '../faces/face-geometry.ts';
import { illuminantXy, locusOffset, MAX_ILLUMINANT_CCT, mired, MIN_ILLUMINANT_CCT } from './illuminant-locus.ts';
import { GREY_ZONE, NEAR_NEUTRAL_ZONE } from './grey-zone.ts';
import { CLIPPED_LEVEL } from '../measurement/pixels-to-lab.ts';
import { LinearHistogram } from './linear-histogram.ts';
import type { RgbImage } from '../intake/rgb-image.ts';

// About this many pixels are looked at, evenly spread: enough for stable percentiles, ~1.5 ms.
const SAMPLE_BUDGET = 30_000;
// The face box grows by this much on each side before it is left out, so hair, ears and neck
// (skin-coloured, near the grey zone) do not vote for the light.
const FACE_MARGIN = 0.25;
// Darker pixels are mostly noise and JPEG error in chromaticity.
const MIN_LUMINANCE = 0.02;
// Of the grey-zone pixels, the brightest fifth vote: bright neutrals are most likely white.
const BRIGHTEST_SHARE = 0.2;
// The photo's white level: this percentile of the luminance of the near-neutral surfaces outside
// the face box (no margin: a white collar or wall next to the face is just what it needs), clipped
// white among them, when at least this many samples are such surfaces (a close-up or a dark or
// coloured backdrop can leave too little to judge). A saturated backdrop is never the white: a
// bright blue one would otherwise set a ×4 lift and turn a medium face into MST 1.
const WHITE_PERCENTILE = 0.99;
const MIN_WHITE_SAMPLES = 300;

export interface IlluminantEstimate {
  /** Chromaticity of the estimated light, on the curve of plausible lights; D65 when unknown. */
  readonly xy: Xy;
  /** Its colour temperature in kelvin, within 2500–10000; 0 when nothing in the photo was grey. */
  readonly cct: number;
  /**
   * 0–1, how much the estimate can be trusted: the product of how much of the scene is near-grey
   * (full from 15%), how many bright grey pixels voted (full from 200), how bright they are (full
   * from Y 0.1) and how well they agree (full within 15 mired interquartile range, none beyond 75).
   */
  readonly confidence: number;
  /**
   * Luminance (linear, white = 1) that 99% of the near-neutral pixels outside the face stay
   * below: the photo's white level. NaN when the photo shows too few near-neutral surfaces.
   */
  readonly whiteLuminance: number;
}

/**
 * Estimates the light of a photo from the brightest near-grey pixels outside the face (the
 * bright-achromatic variant of grey-world used by camera auto white balance), limited to the
 * chromaticities real lights have. A coloured wall is not grey, so unlike plain grey-world it
 * does not vote; a beige one can, which is why the estimate comes with a confidence.
 */
export function estimateIlluminant(image: RgbImage, face: Box): IlluminantEstimate {
  const scene = sampleScene(image, face);
  const { neutralLuminances } = scene;
  const whiteLuminance = neutralLuminances.count >= MIN_WHITE_SAMPLES ? neutralLuminances.percentile(WHITE_PERCENTILE) : Number.NaN;
  if (scene.greyCount === 0) return { xy: D65_XY, cct: 0, confidence: 0, whiteLuminance };

  const { grey, greyCount } = scene;
  // The bin's lower edge, not its centre: every sample of the threshold's bin votes, so one bin never leaves no voter.
  const threshold = scene.greyLuminances.percentile(1 - BRIGHTEST_SHARE) - scene.greyLuminances.max / scene.greyLuminances.bins.length / 2;
  let sumX = 0;
  let sumY = 0;
  let sumZ = 0;
  const voterMireds = new Float32Array(greyCount);
  const voterLuminances = new LinearHistogram(1, 4096);
  let voters = 0;
  for (let k = 0; k < greyCount; k++) {
    const Y = grey[4 * k + 1]!;
    if (Y < threshold) continue;
    sumX += grey[4 * k]!;
    sumY += Y;
    sumZ += grey[4 * k + 2]!;
    voterMireds[voters++] = grey[4 * k + 3]!;
    voterLuminances.add(Y);
  }
  const sum = sumX + sumY + sumZ;
  const cct = clampCct(locusOffset({ x: sumX / sum, y: sumY / sum }).cct);
  const sortedMireds = voterMireds.subarray(0, voters).sort();
  const miredSpread = sortedMireds[Math.floor(0.75 * (voters - 1))]! - sortedMireds[Math.floor(0.25 * (voters - 1))]!;
  const confidence =
    Math.min(1, greyCount / scene.valid / 0.15) *
    Math.min(1, voters / 200) *
    Math.min(1, voterLuminances.percentile(0.5) / 0.1) *
    Math.min(1, Math.max(0, 1 - (miredSpread - 15) / 60));
  return { xy: illuminantXy(cct), cct, confidence, whiteLuminance };
}

interface SceneSample {
  /** Luminance of the near-neutral samples outside the face box, clipped white included. */
  readonly neutralLuminances: LinearHistogram;
  /** Samples outside the face and its margin, neither too dark nor clipped. */
  readonly valid: number;
  /** X, Y, Z and mired of each grey-zone sample, four numbers apiece. */
  readonly grey: Float32Array;
  readonly greyCount: number;
  readonly greyLuminances: LinearHistogram;
}

/** One pass over an evenly spaced sample of the photo: its near-neutral luminances, and its grey-zone pixels. */
function sampleScene(image: RgbImage, face: Box): SceneSample {
  const { width, height, rgb } = image;
  const stride = Math.max(1, Math.round(Math.sqrt((width * height) / SAMPLE_BUDGET)));
  const left = face.x - FACE_MARGIN * face.width;
  const right = face.x + (1 + FACE_MARGIN) * face.width;
  const top = face.y - FACE_MARGIN * face.height;
  const bottom = face.y + (1 + FACE_MARGIN) * face.height;
  const [m0, m1, m2] = LINEAR_SRGB_TO_XYZ65;
  const table = SRGB8_LINEAR_TABLE;

  const neutralLuminances = new LinearHistogram(1, 4096);
  const grey = new Float32Array(Math.ceil(width / stride) * Math.ceil(height / stride) * 4);
  const greyLuminances = new LinearHistogram(1, 4096);
  let valid = 0;
  let greyCount = 0;
  for (let y = stride >> 1; y < height; y += stride) {
    const outsideMargin = y < top || y >= bottom;
    const outsideBox = y < face.y || y >= face.y + face.height;
    for (let x = stride >> 1; x < width; x += stride) {
      const outsideFaceBox = outsideBox || x < face.x || x >= face.x + face.width;
      const insideMargin = !outsideMargin && x >= left && x < right;
      // The face box lies within its margin: neither white nor grey evidence, so nothing to compute.
      if (!outsideFaceBox && insideMargin) continue;
      const i = (y * width + x) * 3;
      const r8 = rgb[i]!;
      const g8 = rgb[i + 1]!;
      const b8 = rgb[i + 2]!;
      const r = table[r8]!;
      const g = table[g8]!;
      const b = table[b8]!;
      const Y = m1[0] * r + m1[1] * g + m1[2] * b;
      const clipped = r8 >= CLIPPED_LEVEL || g8 >= CLIPPED_LEVEL || b8 >= CLIPPED_LEVEL;
      const X = m0[0] * r + m0[1] * g + m0[2] * b;
      const Z = m2[0] * r + m2[1] * g + m2[2] * b;
      const sum = X + Y + Z;
      if (outsideFaceBox) {
        const clippedWhite = r8 >= CLIPPED_LEVEL && g8 >= CLIPPED_LEVEL && b8 >= CLIPPED_LEVEL;
        if (clippedWhite || (!clipped && Y >= MIN_LUMINANCE && NEAR_NEUTRAL_ZONE.cctAt(X / sum, Y / sum) !== 0)) neutralLuminances.add(Y);
      }
      if (insideMargin || Y < MIN_LUMINANCE || clipped) continue;
      valid++;
      const cct = GREY_ZONE.cctAt(X / sum, Y / sum);
      if (cct === 0) continue;
      grey[4 * greyCount] = X;
      grey[4 * greyCount + 1] = Y;
      grey[4 * greyCount + 2] = Z;
      grey[4 * greyCount + 3] = mired(cct);
      greyLuminances.add(Y);
      greyCount++;
    }
  }
  return { neutralLuminances, valid, grey, greyCount, greyLuminances };
}

function clampCct(cct: number): number {
  return Math.min(MAX_ILLUMINANT_CCT, Math.max(MIN_ILLUMINANT_CCT, Number.isFinite(cct) ? cct : MAX_ILLUMINANT_CCT));
}
