import type { WhiteReference } from '../lighting/judge-exposure.ts';

/** The suffixes of the proto enum QualityWarningCode. */
export type QualityWarningCode =
  | 'MULTIPLE_FACES'
  | 'FACE_TOO_SMALL'
  | 'BLURRED'
  | 'UNDEREXPOSED'
  | 'OVEREXPOSED'
  | 'COLOR_CAST'
  | 'HEAVY_ROTATION'
  | 'LOW_REGION_AGREEMENT'
  | 'FEW_SKIN_PIXELS'
  | 'LOW_DETECTION_SCORE'
  | 'NO_WHITE_REFERENCE';

export interface QualityWarning {
  readonly code: QualityWarningCode;
  readonly message: string;
}

/** What a person can do about each problem. */
export const QUALITY_WARNING_MESSAGES: Readonly<Record<QualityWarningCode, string>> = {
  MULTIPLE_FACES: 'Several faces were found and the largest was measured: take the photo with only your face in it.',
  FACE_TOO_SMALL: 'Face too small: move closer to the camera so your face fills more of the photo.',
  BLURRED: 'The photo is blurred: hold the camera still and let it focus on your face.',
  UNDEREXPOSED: 'Your face is too dark: face a window or a lamp, or turn on more light.',
  OVEREXPOSED: 'Your face is too bright: step out of direct sunlight or turn off the flash.',
  COLOR_CAST: 'The light is strongly coloured: take the photo in daylight, away from coloured lamps.',
  HEAVY_ROTATION: 'Your head is turned or tilted: look straight into the camera.',
  LOW_REGION_AGREEMENT: 'The light on your face is uneven: face the light so your forehead and both cheeks are lit alike.',
  FEW_SKIN_PIXELS: 'Too little bare skin was visible: move hair, glasses or hands away from your forehead and cheeks.',
  LOW_DETECTION_SCORE: 'Your face was hard to make out: use a clear photo of your face from the front.',
  NO_WHITE_REFERENCE: 'Nothing white or grey was in the photo to judge its brightness by: stand in front of a white wall, or hold a sheet of white paper beside your face.',
};

// The same warning when the photo's brightest plain surface is too dim to be sure it is white: the
// photo is lifted to it, so the face may read lighter than it is (deep skin before a light grey
// wall reads levels light), and a person standing before that wall must not be told to stand
// before a light wall.
const GREY_REFERENCE_MESSAGE =
  'The photo was brightened to its brightest plain surface, which may be grey rather than white, so your skin may read lighter than it is: hold a sheet of white paper beside your face, or stand in front of a white wall.';

// When each warning is given, and why there.
export const QUALITY_THRESHOLDS = {
  // Face box narrower than this (pixels): each cheek is then under ~15 × 15 pixels, about two JPEG
  // blocks, and chroma (subsampled 2:1) rests on a few dozen samples.
  minFaceWidth: 96,
  // Laplacian-to-grey variance ratio (judgeSharpness) below this: the test faces score 0.015-0.22
  // as taken and under 0.005 after a Gaussian blur of σ 4 px.
  minSharpness: 0.008,
  // Yaw beyond this (degrees): the far cheek is foreshortened and lit differently.
  maxTurn: 30,
  // Pitch beyond this: 5° more than yaw, as FaceMesh reads frontal faces 5-10° "down".
  maxPitch: 35,
  // Roll beyond this: regions follow the landmarks, but the detector and mesh get unreliable.
  maxRoll: 45,
  // A cast left uncorrected (mired between the estimated light and the one adapted from): 50
  // mired is e.g. 6500 K seen as 4700 K.
  maxResidualCast: 50,
  // Combined colour's hue angle outside this band (degrees): no skin looks like that under
  // white light (skin spans about 40-70°), so the light still tints it.
  skinHueRange: [25, 85],
  // Region agreement (the second largest region ΔE00 from the combined colour) above this: the
  // light on the face is uneven, with room for real differences (cheeks redder than forehead).
  maxRegionDeltaE: 8,
  // Fewer kept skin pixels than this in all regions together, or less than this share of the
  // regions' area kept.
  minSkinPixels: 300,
  minKeptShare: 0.35,
  // Detector score below this.
  minDetectionScore: 0.75,
} as const;

export interface QualitySignals {
  readonly otherFaces: number;
  readonly faceWidth: number;
  readonly sharpness: number;
  readonly exposure: 'UNDER' | 'GOOD' | 'OVER';
  /** How far (stops, one σ) the corrected exposure may be off; see judgeExposure. */
  readonly exposureUncertaintyStops: number;
  /** Stops of lift the correction could not make up (a photo more than two stops dark): the face reads that much deeper. */
  readonly exposureShortfallStops: number;
  /** What the photo offered to judge its exposure by. */
  readonly whiteReference: WhiteReference;
  readonly residualCastMired: number;
  /** Hue angle h_ab of the combined skin colour, degrees. */
  readonly skinHue: number;
  readonly rotation: { readonly roll: number; readonly yaw: number; readonly pitch: number };
  /** How far the regions are from the combined colour (see measureSkin's regionAgreement): what the median is unsure by. */
  readonly regionAgreementDeltaE00: number;
  readonly skinPixels: number;
  readonly regionArea: number;
  readonly detectionScore: number | undefined;
}

/** The warnings a set of quality signals calls for, in the order of the proto enum. */
export function qualityWarnings(signals: QualitySignals): QualityWarning[] {
  const t = QUALITY_THRESHOLDS;
  const { rotation } = signals;
  const raised: Record<QualityWarningCode, boolean> = {
    MULTIPLE_FACES: signals.otherFaces > 0,
    FACE_TOO_SMALL: signals.faceWidth < t.minFaceWidth,
    // A face too small for detail is reported as that, not as blur.
    BLURRED: signals.faceWidth >= t.minFaceWidth && signals.sharpness < t.minSharpness,
    UNDEREXPOSED: signals.exposure === 'UNDER',
    OVEREXPOSED: signals.exposure === 'OVER',
    COLOR_CAST: signals.residualCastMired > t.maxResidualCast || signals.skinHue < t.skinHueRange[0] || signals.skinHue > t.skinHueRange[1],
    HEAVY_ROTATION: Math.abs(rotation.yaw) > t.maxTurn || Math.abs(rotation.pitch) > t.maxPitch || Math.abs(rotation.roll) > t.maxRoll,
    // The same figure as the answer's regionAgreementDeltaE00 and the confidence read.
    LOW_REGION_AGREEMENT: signals.regionAgreementDeltaE00 > t.maxRegionDeltaE,
    FEW_SKIN_PIXELS: signals.skinPixels < t.minSkinPixels || signals.skinPixels < t.minKeptShare * signals.regionArea,
    LOW_DETECTION_SCORE: signals.detectionScore !== undefined && signals.detectionScore < t.minDetectionScore,
    NO_WHITE_REFERENCE: signals.whiteReference === 'NONE' || signals.whiteReference === 'DIM',
  };
  return (Object.keys(QUALITY_WARNING_MESSAGES) as QualityWarningCode[])
    .filter((code) => raised[code])
    .map((code) => ({ code, message: code === 'NO_WHITE_REFERENCE' && signals.whiteReference === 'DIM' ? GREY_REFERENCE_MESSAGE : QUALITY_WARNING_MESSAGES[code] }));
}
