import type { FitzpatrickType, Lab, MonkLevel, Undertone } from '@shine/color';
import type { Exposure } from '../lighting/judge-exposure.ts';
import type { MeasurementUncertainty } from './measurement-confidence.ts';
import type { QualityWarning } from './quality-warnings.ts';
import type { SkinRegionName } from './skin-regions.ts';

// The result of measuring one face, as plain data (it crosses a worker-thread boundary). Field
// names are those of shine.analysis.v1 (ts-proto's camelCase); enums are the proto value names
// without their prefix ('VERY_LIGHT' for ITA_CLASS_VERY_LIGHT), numbers where the proto is 1-based;
// the shared colour types are @shine/color's, mapped to shine.type.v1 by @shine/contracts.

export type ItaClassName = 'VERY_LIGHT' | 'LIGHT' | 'INTERMEDIATE' | 'TAN' | 'BROWN' | 'DARK';

export interface MonkProbability {
  readonly level: MonkLevel;
  readonly probability: number;
}

/** shine.analysis.v1.SkinTone */
export interface SkinTone {
  /** CIELAB (D65) after adapting the light to D65 and correcting the exposure. */
  readonly lab: Lab;
  readonly hex: string;
  readonly itaDegrees: number;
  readonly itaClass: ItaClassName;
  readonly monk: MonkLevel;
  readonly monkProbabilities: readonly MonkProbability[];
  readonly fitzpatrick: FitzpatrickType;
  readonly undertone: Undertone;
  /** 0–1, the chance a person would judge the face within one level of `monk`; see readMonkLevel. */
  readonly confidence: number;
  /** What the photo leaves uncertain (not in the proto; the eval re-reads the level with it on each fold's scale). */
  readonly uncertainty: MeasurementUncertainty;
}

/** shine.analysis.v1.RegionMeasurement */
export interface RegionMeasurement {
  readonly region: SkinRegionName;
  readonly lab: Lab;
  /** Pixels kept after dropping clipped, shadow, highlight and outlier pixels. */
  readonly pixelCount: number;
  readonly deltaE00ToCombined: number;
  /** The bounding box of the region's skin area in the image (pixels). */
  readonly bounds: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

/** shine.analysis.v1.Lighting */
export interface Lighting {
  /** Estimated colour temperature of the light; 0 when the photo held nothing grey to judge it by. */
  readonly cctKelvin: number;
  /** Estimated chromaticity of the light (CIE 1931 xy). */
  readonly whitePoint: { readonly x: number; readonly y: number };
  readonly adapted: boolean;
  readonly exposure: Exposure;
}

export interface SkinMeasurement {
  readonly skinTone: SkinTone;
  /** Regions with enough skin, in the order of SkinRegion. */
  readonly regions: readonly RegionMeasurement[];
  /** How far the regions are from the combined colour: the second largest ΔE00, never less than a lighter region's. */
  readonly regionAgreementDeltaE00: number;
  readonly lighting: Lighting;
  readonly warnings: readonly QualityWarning[];
}
