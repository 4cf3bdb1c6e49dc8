import { analysisV1, labToMessage, undertoneEnum } from '@shine/contracts';
import type { PhotoAnalysis } from '../analyze-photo.ts';
import type { PhotoFormat } from '../intake/decode-image.ts';
import type { MeasuredAnalysis } from './server.ts';

const fitzpatrickNames = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;

const imageFormats: Record<PhotoFormat, analysisV1.ImageFormat> = {
  jpeg: analysisV1.ImageFormat.IMAGE_FORMAT_JPEG,
  png: analysisV1.ImageFormat.IMAGE_FORMAT_PNG,
  webp: analysisV1.ImageFormat.IMAGE_FORMAT_WEBP,
  avif: analysisV1.ImageFormat.IMAGE_FORMAT_AVIF,
  heic: analysisV1.ImageFormat.IMAGE_FORMAT_HEIF,
};

/** The worker's plain result as the fields of a shine.analysis.v1.Analysis. */
export function toMeasuredAnalysis(result: PhotoAnalysis): MeasuredAnalysis {
  const { measurement } = result;
  const tone = measurement.skinTone;
  return {
    skinTone: {
      lab: labToMessage(tone.lab),
      hex: tone.hex,
      itaDegrees: round(tone.itaDegrees),
      itaClass: analysisV1.ItaClass[`ITA_CLASS_${tone.itaClass}`],
      monk: tone.monk,
      monkProbabilities: tone.monkProbabilities.map((entry) => ({ level: entry.level, probability: round(entry.probability, 4) })),
      fitzpatrick: analysisV1.FitzpatrickType[`FITZPATRICK_TYPE_${fitzpatrickNames[tone.fitzpatrick - 1]!}`],
      undertone: undertoneEnum.toProto(tone.undertone),
      confidence: round(tone.confidence, 3),
    },
    face: {
      boundingBox: result.face.box,
      landmarkCount: result.face.landmarkCount,
      rotation: {
        rollDegrees: round(result.face.rotation.roll, 1),
        yawDegrees: round(result.face.rotation.yaw, 1),
        pitchDegrees: round(result.face.rotation.pitch, 1),
      },
      detectionScore: round(result.face.detectionScore, 3),
    },
    regions: measurement.regions.map((region) => ({
      region: analysisV1.SkinRegion[`SKIN_REGION_${region.region}`],
      lab: labToMessage(region.lab),
      pixelCount: region.pixelCount,
      deltaE00ToCombined: round(region.deltaE00ToCombined),
      bounds: { ...region.bounds },
    })),
    regionAgreementDeltaE00: round(measurement.regionAgreementDeltaE00),
    lighting: {
      cctKelvin: Math.round(measurement.lighting.cctKelvin),
      whitePoint: { x: round(measurement.lighting.whitePoint.x, 4), y: round(measurement.lighting.whitePoint.y, 4) },
      adapted: measurement.lighting.adapted,
      exposure: analysisV1.Exposure[`EXPOSURE_${measurement.lighting.exposure}`],
    },
    warnings: measurement.warnings.map((warning) => ({
      code: analysisV1.QualityWarningCode[`QUALITY_WARNING_CODE_${warning.code}`],
      message: warning.message,
    })),
    otherFaces: [...result.otherFaces],
    image: { width: result.image.width, height: result.image.height, format: imageFormats[result.image.format] },
    model: { ...result.model },
  };
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
