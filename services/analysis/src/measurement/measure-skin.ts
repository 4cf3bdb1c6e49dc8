import {
  deltaE2000,
  fitzpatrickFromIta,
  formatHex,
  individualTypologyAngle,
  itaClass,
  lab65ToSrgb,
  labToLch,
  median,
  undertoneOf,
  type Lab,
  type MonkLevel,
} from '@shine/color';
import { Code, ShineError } from '@shine/platform/errors';
import { judgeSharpness } from './judge-sharpness.ts';
import { measurementUncertainty, readMonkLevel } from './measurement-confidence.ts';
import { pixelsToLab } from './pixels-to-lab.ts';
import { QUALITY_THRESHOLDS, qualityWarnings, type QualitySignals } from './quality-warnings.ts';
import { selectSkinPixels } from './select-skin-pixels.ts';
import type { ItaClassName, RegionMeasurement, SkinMeasurement } from './skin-measurement.ts';
import { SKIN_REGION_NAMES, skinRegionPixels, type SkinRegionName } from './skin-regions.ts';
import type { HeadRotation } from '../faces/estimate-head-rotation.ts';
import type { Box } from '../faces/face-geometry.ts';
import type { RgbImage } from '../intake/rgb-image.ts';
import { adaptToD65 } from '../lighting/adapt-to-d65.ts';
import { estimateIlluminant } from '../lighting/estimate-illuminant.ts';
import { judgeExposure } from '../lighting/judge-exposure.ts';

/** One detected face in a decoded photo, as the detection stage hands it over. */
export interface SkinMeasurementInput {
  /** The whole photo at full resolution, 8-bit sRGB: colour is measured on it, never on an equalised copy. */
  readonly image: RgbImage;
  /** The face's box in image pixels. */
  readonly box: Box;
  /** 468 FaceMesh points, x, y, z each, x and y in image pixels. */
  readonly landmarks: Float32Array;
  readonly rotation: HeadRotation;
  /** Faces in the photo besides this one. */
  readonly otherFaces: number;
  /** The detector's score for this face, when known. */
  readonly detectionScore?: number;
}

// A region keeping fewer pixels than this is left out of the combined colour and the report.
export const MIN_REGION_PIXELS = 20;

/**
 * Measures the skin colour of one face: skin regions from the landmarks, the light and exposure
 * judged from the photo, every region's pixels adapted to D65 and reduced to a robust median,
 * the regions combined by their median, then classified (ITA°, Monk, Fitzpatrick, undertone),
 * with warnings and a confidence. Throws INVALID_ARGUMENT when no region has skin left to measure.
 */
export function measureSkin(input: SkinMeasurementInput): SkinMeasurement {
  const { image, box, landmarks } = input;
  const fullRegions = skinRegionPixels(landmarks, image.width, image.height);
  const regionArea = SKIN_REGION_NAMES.reduce((sum, name) => sum + fullRegions[name].length, 0);
  const sampled = Object.fromEntries(SKIN_REGION_NAMES.map((name) => [name, sampleEvenly(fullRegions[name])])) as Record<
    SkinRegionName,
    { pixels: Uint32Array; stride: number }
  >;
  const allSkin = concatenate(SKIN_REGION_NAMES.map((name) => sampled[name].pixels));
  const illuminant = estimateIlluminant(image, box);
  const exposure = judgeExposure(image, allSkin, illuminant.whiteLuminance);
  const adaptation = adaptToD65(illuminant, exposure.gain);

  const measured: Omit<RegionMeasurement, 'deltaE00ToCombined'>[] = [];
  for (const region of SKIN_REGION_NAMES) {
    const { pixels, stride } = sampled[region];
    const { lab, clipped } = pixelsToLab(image, pixels, adaptation.matrix, exposure.redToGreen);
    const skin = selectSkinPixels(lab, clipped);
    // pixelCount stays in full-resolution pixels: the kept samples stand for `stride` pixels each.
    if (skin.count >= MIN_REGION_PIXELS) measured.push({ region, lab: skin.lab, pixelCount: skin.count * stride, bounds: boundsOf(fullRegions[region], image.width) });
  }
  if (measured.length === 0) {
    // The photo is valid, the face in it cannot be measured: like no face, a precondition of the photo.
    if (box.width < QUALITY_THRESHOLDS.minFaceWidth) {
      throw new ShineError(
        Code.FAILED_PRECONDITION,
        `the face is too small to measure (${Math.round(box.width)} pixels wide): move closer to the camera, or send the photo at full size`,
        { reason: 'FACE_TOO_SMALL' },
      );
    }
    throw new ShineError(
      Code.FAILED_PRECONDITION,
      'no bare skin could be measured on the face: uncover the forehead and cheeks, and take the photo in even light',
      { reason: 'NO_SKIN_PIXELS' },
    );
  }

  // The median of the region medians: one odd region (a shadowed cheek, a shiny forehead) cannot move it.
  const combined: Lab = {
    l: median(measured.map((m) => m.lab.l)),
    a: median(measured.map((m) => m.lab.a)),
    b: median(measured.map((m) => m.lab.b)),
  };
  const regions: RegionMeasurement[] = measured.map((m) => ({ ...m, deltaE00ToCombined: deltaE2000(combined, m.lab) }));
  const regionAgreementDeltaE00 = regionAgreement(regions, combined);

  const signals: QualitySignals = {
    otherFaces: input.otherFaces,
    faceWidth: box.width,
    sharpness: judgeSharpness(image, box).sharpness,
    exposure: exposure.exposure,
    exposureUncertaintyStops: exposure.uncertaintyStops,
    exposureShortfallStops: exposure.shortfallStops,
    whiteReference: exposure.whiteReference,
    residualCastMired: adaptation.residualMired,
    skinHue: labToLch(combined).h,
    rotation: input.rotation,
    regionAgreementDeltaE00,
    skinPixels: regions.reduce((sum, r) => sum + r.pixelCount, 0),
    regionArea,
    detectionScore: input.detectionScore,
  };
  const ita = individualTypologyAngle(combined);
  const uncertainty = measurementUncertainty(signals);
  const { reading: monk, confidence } = readMonkLevel(combined, uncertainty);
  return {
    skinTone: {
      lab: combined,
      hex: formatHex(lab65ToSrgb(combined)),
      itaDegrees: ita,
      itaClass: itaClass(ita).toUpperCase().replace('-', '_') as ItaClassName,
      monk: monk.level,
      monkProbabilities: monk.probabilities.map((probability, index) => ({ level: (index + 1) as MonkLevel, probability })),
      fitzpatrick: fitzpatrickFromIta(ita),
      undertone: undertoneOf(combined).undertone,
      confidence,
      uncertainty,
    },
    regions,
    regionAgreementDeltaE00,
    lighting: {
      cctKelvin: illuminant.cct,
      whitePoint: { x: illuminant.xy.x, y: illuminant.xy.y },
      adapted: adaptation.adapted,
      exposure: exposure.exposure,
    },
    warnings: qualityWarnings(signals),
  };
}

/**
 * How far the regions are from the combined colour, as the answer should be judged by: the second
 * largest distance with three regions or more, since one odd region is what the median sets aside;
 * but never less than the distance of a region lighter than the combined colour. Shadow, hair and
 * stubble only darken skin (shine is cut from each region), so a lit region far above the median
 * means the median rests on covered or shadowed skin and reads it too deep.
 */
function regionAgreement(regions: readonly RegionMeasurement[], combined: Lab): number {
  const byDistance = regions.map((r) => r.deltaE00ToCombined).sort((p, q) => q - p);
  const spread = byDistance.length >= 3 ? byDistance[1]! : byDistance[0]!;
  const lighter = regions.filter((r) => r.lab.l > combined.l).map((r) => r.deltaE00ToCombined);
  return Math.max(spread, ...lighter);
}

// A region's median stops moving long before this many pixels (its standard error is far below
// 0.1 ΔE00), so a large face is read from an even sample instead of whole: a selfie's cheeks hold
// 6 000-12 000 pixels each, and reading them all cost a 1080p photo ~10 ms.
const MAX_REGION_SAMPLES = 3000;

/** Every stride-th pixel of a region, so no region passes MAX_REGION_SAMPLES. */
function sampleEvenly(pixels: Uint32Array): { pixels: Uint32Array; stride: number } {
  const stride = Math.max(1, Math.ceil(pixels.length / MAX_REGION_SAMPLES));
  if (stride === 1) return { pixels, stride };
  const sample = new Uint32Array(Math.ceil(pixels.length / stride));
  for (let index = 0, kept = 0; index < pixels.length; index += stride) sample[kept++] = pixels[index]!;
  return { pixels: sample, stride };
}

/** The bounding box of pixels given by index (y × width + x) in an image `width` wide. */
function boundsOf(pixels: Uint32Array, width: number): RegionMeasurement['bounds'] {
  let [left, top, right, bottom] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, -1, -1];
  for (const index of pixels) {
    const x = index % width;
    const y = (index - x) / width;
    if (x < left) left = x;
    if (x > right) right = x;
    if (y < top) top = y;
    if (y > bottom) bottom = y;
  }
  return right < 0 ? { x: 0, y: 0, width: 0, height: 0 } : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** The pixel lists one after another (regions do not overlap). */
function concatenate(lists: Uint32Array[]): Uint32Array {
  const all = new Uint32Array(lists.reduce((sum, list) => sum + list.length, 0));
  let offset = 0;
  for (const list of lists) {
    all.set(list, offset);
    offset += list.length;
  }
  return all;
}
