export type { Lab, Lch, Rgb, Rgb8, Xy, Xyz } from './color-types.ts';
export { D50, D50_XY, D65, D65_XY } from './white-points.ts';
export { xyToXyz } from './xy-to-xyz.ts';
export { xyzToXy } from './xyz-to-xy.ts';

export { srgbChannelToLinear, srgbToLinear } from './srgb-to-linear.ts';
export { linearChannelToSrgb, linearToSrgb } from './linear-to-srgb.ts';
export { LINEAR_SRGB_TO_XYZ65, linearToXyz65 } from './linear-to-xyz65.ts';
export { XYZ65_TO_LINEAR_SRGB, xyz65ToLinear } from './xyz65-to-linear.ts';
export { CIE_EPSILON, CIE_KAPPA } from './cie-lab-function.ts';
export { xyz65ToLab65 } from './xyz65-to-lab65.ts';
export { lab65ToXyz65 } from './lab65-to-xyz65.ts';
export { srgbToLab65 } from './srgb-to-lab65.ts';
export { lab65ToSrgb } from './lab65-to-srgb.ts';
export { srgb8ToSrgb } from './srgb8-to-srgb.ts';
export { srgbToSrgb8 } from './srgb-to-srgb8.ts';
export { srgb8ToLab65 } from './srgb8-to-lab65.ts';
export { parseHex } from './parse-hex.ts';
export { formatHex } from './format-hex.ts';
export { labToLch } from './lab-to-lch.ts';
export { lchToLab } from './lch-to-lab.ts';

export { deltaE2000, type DeltaE2000Weights } from './delta-e2000.ts';

export { individualTypologyAngle } from './individual-typology-angle.ts';
export { ITA_CLASS_LOWER_BOUNDS, itaClass, type ItaClass } from './ita-class.ts';
export {
  FITZPATRICK_BY_ITA_CLASS,
  fitzpatrickFromIta,
  type FitzpatrickType,
} from './fitzpatrick-from-ita.ts';

export type { Matrix3, Vector3 } from './matrix3.ts';
export { applyMatrix3, applyMatrix3ToXyz, invertMatrix3, multiplyMatrix3 } from './matrix3.ts';
export {
  CONE_RESPONSE_MATRICES,
  type ChromaticAdaptationMethod,
} from './cone-response-matrices.ts';
export { chromaticAdaptationMatrix } from './chromatic-adaptation-matrix.ts';
export { adaptXyzToD65 } from './adapt-xyz-to-d65.ts';
export {
  PLANCKIAN_LOCUS_MAX_CCT,
  PLANCKIAN_LOCUS_MIN_CCT,
  planckianLocusXy,
} from './planckian-locus-xy.ts';
export { DAYLIGHT_LOCUS_MAX_CCT, DAYLIGHT_LOCUS_MIN_CCT, daylightLocusXy } from './daylight-locus-xy.ts';
export { whiteXyzOfCct, type WhiteLocus } from './white-xyz-of-cct.ts';
export { xyToCct } from './xy-to-cct.ts';

export { MONK_REFERENCES, type MonkLevel, type MonkReference } from './monk-references.ts';
export {
  MONK_SKIN_SCALE,
  monkLevelProbabilities,
  monkLevelsPerStop,
  monkOfSkin,
  monkPosition,
  scaleLuminance,
  skinLightnessOfMonk,
  typicalSkinChroma,
  typicalSkinOfMonk,
  type MonkOfSkin,
  type MonkOfSkinOptions,
  type MonkSkinScale,
} from './monk-skin-scale.ts';
export { normalCdf } from './normal-cdf.ts';
export { lightnessOfLuminance, luminanceOfLightness } from './lightness-luminance.ts';

export { NEUTRAL_SKIN_HUE_AT_L50, NEUTRAL_SKIN_HUE_PER_L, typicalSkinHue } from './typical-skin-hue.ts';
export {
  UNDERTONE_HUE_MARGIN,
  UNDERTONE_MIN_CHROMA,
  undertoneOf,
  UNDERTONES,
  type Undertone,
  type UndertoneReading,
} from './undertone.ts';

export { SRGB8_LINEAR_TABLE } from './srgb8-linear-table.ts';
export { srgb8ToLab65Batch } from './srgb8-to-lab65-batch.ts';
export { extractChannel } from './extract-channel.ts';
export { median, medianInPlace, selectInPlace } from './median.ts';
export { trimmedMean } from './trimmed-mean.ts';
export { medianAbsoluteDeviation } from './median-absolute-deviation.ts';
export {
  DEFAULT_MODIFIED_Z_THRESHOLD,
  MODIFIED_Z_SCALE,
  madOutlierMask,
} from './mad-outlier-mask.ts';
