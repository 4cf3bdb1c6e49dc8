import { Code, ShineError } from '@shine/platform/errors';
import { decodeImage, type DecodedImage, type PhotoFormat } from './intake/decode-image.ts';
import type { Box } from './faces/face-geometry.ts';
import type { HeadRotation } from './faces/estimate-head-rotation.ts';
import type { FaceModels } from './faces/face-models.ts';
import { isBlackAndWhite } from './intake/is-black-and-white.ts';
import { measureSkin } from './measurement/measure-skin.ts';
import type { StageClock } from './pipeline-stages.ts';
import type { SkinMeasurement } from './measurement/skin-measurement.ts';

/** Bump when a change to the pipeline can change results, so stored analyses can be compared by version. */
export const PIPELINE_VERSION = '2026.12-2';

/** Everything measured from one photo, as plain data (it crosses a worker-thread boundary). */
export interface PhotoAnalysis {
  readonly image: { readonly width: number; readonly height: number; readonly format: PhotoFormat };
  readonly face: { readonly box: Box; readonly landmarkCount: number; readonly rotation: HeadRotation; readonly detectionScore: number };
  /** Every other face found, largest first; the largest face is the one measured. */
  readonly otherFaces: readonly Box[];
  readonly measurement: SkinMeasurement;
  readonly model: { readonly backend: string; readonly faceDetector: string; readonly landmarkModel: string; readonly pipelineVersion: string };
}

export interface AnalyzePhotoOptions {
  readonly maxPixels: number;
  readonly signal?: AbortSignal;
  /** Records when each stage ran (for the trace of the call). */
  readonly stages?: StageClock;
}

/** Decode → find faces → measure the largest face's skin. Refusals carry the gRPC code a caller should see. */
export async function analyzePhoto(models: FaceModels, bytes: Uint8Array, options: AnalyzePhotoOptions): Promise<PhotoAnalysis> {
  const decode = () => decodeImage(bytes, { maxPixels: options.maxPixels, ...(options.signal ? { signal: options.signal } : {}) });
  const image = await (options.stages ? options.stages.time('decode', decode) : decode());
  return analyzeDecodedPhoto(models, image, options.signal, options.stages);
}

/** The same analysis from pixels already decoded (the eval's synthetic variants start there). */
export async function analyzeDecodedPhoto(models: FaceModels, image: DecodedImage, signal?: AbortSignal, stages?: StageClock): Promise<PhotoAnalysis> {
  signal?.throwIfAborted();
  if (isBlackAndWhite(image)) {
    throw new ShineError(
      Code.FAILED_PRECONDITION,
      'this photo is black and white: skin colour cannot be measured without colour; send a colour photo',
      { reason: 'BLACK_AND_WHITE_PHOTO' },
    );
  }
  const found = await models.findFaces(image, { maxFaces: 1, ...(signal ? { signal } : {}), ...(stages ? { stages } : {}) });
  signal?.throwIfAborted();
  const [face] = found.faces;
  if (!face) {
    throw new ShineError(
      Code.FAILED_PRECONDITION,
      'no face was found in the photo: use a photo of one face, seen from the front, well lit and not cut off',
      { reason: 'NO_FACE' },
    );
  }
  const measure = () =>
    measureSkin({
      image,
      box: face.box,
      landmarks: face.landmarks,
      rotation: face.rotation,
      otherFaces: found.faceCount - 1,
      detectionScore: face.score,
    });
  const measurement = stages ? await stages.time('measure', measure) : measure();
  return {
    image: { width: image.width, height: image.height, format: image.format },
    face: { box: roundBox(face.box), landmarkCount: face.landmarks.length / 3, rotation: face.rotation, detectionScore: face.score },
    otherFaces: found.otherBoxes.map(roundBox),
    measurement,
    model: { backend: found.backend, faceDetector: found.detector, landmarkModel: 'facemesh-468', pipelineVersion: PIPELINE_VERSION },
  };
}

function roundBox(box: Box): Box {
  return { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) };
}
