import { detectFaces, loadFaceDetector, type DetectFacesOptions, type DetectorName, type FaceDetection, type FaceDetector } from './detect-faces.ts';
import { estimateHeadRotation, type HeadRotation } from './estimate-head-rotation.ts';
import type { Box } from './face-geometry.ts';
import { estimateLandmarks, loadFaceMesh, meshRegion } from './face-landmarks.ts';
import type { RgbImage } from '../intake/rgb-image.ts';
import { selectTfBackend, type TfBackendName } from './tfjs-backend.ts';
import type { StageClock } from '../pipeline-stages.ts';

export interface FaceModelsOptions {
  /** TensorFlow.js backend: 'auto' (tfjs-node if installed, else WASM), 'tensorflow' or 'wasm'. */
  readonly backend?: string;
  /** Which detector to run; default 'cascade' (see `detectWithCascade`). */
  readonly detector?: FaceDetectorChoice;
  /** Detections scoring below this are dropped. Default 0.5. */
  readonly minDetectionScore?: number;
  /**
   * Detections FaceMesh scores below this are not faces and are dropped. Default 0.25: near-profile
   * faces score 0.5-0.8 and move across 0.5 with a pixel's shift of the crop; non-faces score under 0.1.
   */
  readonly minPresence?: number;
}

/**
 * 'blazeface-back' finds faces down to ~6% of the image's long side in ~31 ms (WASM, 2 vCPU);
 * 'blazeface-front' takes ~10 ms but is only reliable for faces over ~20%; 'cascade' runs front and
 * falls back to back when front finds no large face.
 */
export type FaceDetectorChoice = 'cascade' | DetectorName;

export interface FindFacesOptions {
  /** Run FaceMesh on at most this many faces, the largest. Default: all. */
  readonly maxFaces?: number;
  readonly signal?: AbortSignal;
  /** Records when detection and each FaceMesh pass ran. */
  readonly stages?: StageClock;
}

export interface FoundFace extends FaceDetection {
  /** 468 × (x, y, z) in image pixels; see `FaceLandmarks`. */
  readonly landmarks: Float32Array;
  /** FaceMesh's confidence that this is a face, 0-1. */
  readonly presence: number;
  readonly rotation: HeadRotation;
}

export interface FoundFaces {
  /** Faces confirmed by FaceMesh, largest first; empty when the photo shows no face. */
  readonly faces: FoundFace[];
  /** Boxes of the faces found beyond `maxFaces`, largest first; not checked by FaceMesh (boxes it rejected are gone). */
  readonly otherBoxes: Box[];
  /** Faces in the photo: `faces.length + otherBoxes.length`. */
  readonly faceCount: number;
  readonly backend: TfBackendName;
  /** The detector whose answer stands: with 'cascade', front alone or back after it. */
  readonly detector: DetectorName;
}

/** The loaded face models. Holds no state besides them, so one instance can live in a worker thread. */
export interface FaceModels {
  readonly backend: TfBackendName;
  readonly detector: FaceDetectorChoice;
  findFaces(image: RgbImage, options?: FindFacesOptions): Promise<FoundFaces>;
  dispose(): void;
}

/** Selects the backend, loads BlazeFace and FaceMesh from disk and runs each once, so the first request is not slow. */
export async function loadFaceModels(options: FaceModelsOptions = {}): Promise<FaceModels> {
  const backend = await selectTfBackend(options.backend === undefined ? {} : { backend: options.backend });
  const choice = options.detector ?? 'cascade';
  const names: DetectorName[] = choice === 'cascade' ? ['blazeface-front', 'blazeface-back'] : [choice];
  const [mesh, ...detectors] = await Promise.all([loadFaceMesh(), ...names.map(loadFaceDetector)]);
  const minScore = options.minDetectionScore ?? 0.5;
  const minPresence = options.minPresence ?? 0.25;

  const findFaces = async (image: RgbImage, findOptions: FindFacesOptions = {}): Promise<FoundFaces> => {
    findOptions.signal?.throwIfAborted();
    const { stages } = findOptions;
    const detect = () => detectWithCascade(detectors, image, { minScore });
    const { detector, detections } = await (stages ? stages.time('detect', detect) : detect());
    const maxFaces = findOptions.maxFaces ?? Number.POSITIVE_INFINITY;
    const faces: FoundFace[] = [];
    const otherBoxes: Box[] = [];
    // Largest first, until maxFaces pass FaceMesh: a box it rejects (a face-like pattern, a
    // photo of a photo's negative) is dropped and the next one tried, so it never hides a real face.
    for (const detection of detections) {
      if (faces.length >= maxFaces) {
        otherBoxes.push(detection.box);
        continue;
      }
      findOptions.signal?.throwIfAborted();
      const landmarksOf = () => estimateLandmarks(mesh, image, meshRegion(detection));
      const { landmarks, presence } = await (stages ? stages.time('landmarks', landmarksOf) : landmarksOf());
      if (presence >= minPresence) faces.push({ ...detection, landmarks, presence, rotation: estimateHeadRotation(landmarks) });
    }
    return { faces, otherBoxes, faceCount: faces.length + otherBoxes.length, backend, detector };
  };

  // Warm-up: the first inference compiles kernels and allocates buffers; do it before readiness, not in a request.
  const blank: RgbImage = { width: 64, height: 64, rgb: new Uint8Array(64 * 64 * 3).fill(128) };
  for (const detector of detectors) await detectFaces(detector, blank, { minScore });
  await estimateLandmarks(mesh, blank, { centerX: 32, centerY: 32, size: 64, angle: 0 });

  return {
    backend,
    detector: choice,
    findFaces,
    dispose: () => {
      for (const detector of detectors) detector.model.dispose();
      mesh.model.dispose();
    },
  };
}

/** A face whose front-detector box spans this share of the long side is in the range where 'front' is as good as 'back'. */
const largeFaceShare = 0.25;

/**
 * Runs the detectors in order and stops at the first that finds a large face; the last one's answer
 * stands otherwise. With [front, back], a selfie costs one 10 ms pass, and group photos and small
 * faces the extra 31 ms they need. Front boxes for small faces run ~1.5× too large, hence the margin
 * over the ~16-20% where its boxes still agree with back's (IoU > 0.8 on the test photos).
 */
async function detectWithCascade(
  detectors: readonly FaceDetector[],
  image: RgbImage,
  options: DetectFacesOptions,
): Promise<{ detector: DetectorName; detections: FaceDetection[] }> {
  const longSide = Math.max(image.width, image.height);
  let answer: { detector: DetectorName; detections: FaceDetection[] } | undefined;
  for (const detector of detectors) {
    answer = { detector: detector.name, detections: await detectFaces(detector, image, options) };
    if (answer.detections.some((detection) => detection.box.width >= largeFaceShare * longSide)) break;
  }
  if (!answer) throw new Error('no face detector is loaded');
  return answer;
}
