import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { Code, ShineError } from '@shine/platform/errors';
import type { FaceDetection } from './detect-faces.ts';
import { humanModelPath, loadGraphModelFromDisk } from './load-model.ts';
import type { RgbImage } from '../intake/rgb-image.ts';
import { sampleSquare, type SquareRegion } from '../measurement/sample-square.ts';

export const MESH_POINT_COUNT = 468;

export interface FaceLandmarks {
  /**
   * 468 FaceMesh points as x, y, z triples in image pixels. z is depth relative to the face's
   * centre plane, on the same scale as x; smaller is nearer the camera.
   */
  readonly landmarks: Float32Array;
  /** FaceMesh's own confidence that the crop shows a face, 0-1. */
  readonly presence: number;
  /** The square, turned upright along the eye line, that the mesh model looked at. */
  readonly region: SquareRegion;
}

export interface FaceMesh {
  readonly model: GraphModel;
  readonly inputSize: number;
}

const inputSize = 192;
const meshOutput = 'Identity_2'; // output_mesh: 1404 = 468 × (x, y, z) in input pixels
const presenceOutput = 'Identity_1'; // output_faceflag: already a probability (the graph ends in a sigmoid)

export async function loadFaceMesh(): Promise<FaceMesh> {
  return { model: await loadGraphModelFromDisk(humanModelPath('facemesh')), inputSize };
}

/**
 * The region FaceMesh expects around a detection, as MediaPipe builds it: the box centre, the
 * longer side enlarged 1.5× so the whole head fits, turned so the eye line is horizontal.
 */
export function meshRegion(detection: FaceDetection): SquareRegion {
  const { box, keypoints } = detection;
  return {
    centerX: box.x + box.width / 2,
    centerY: box.y + box.height / 2,
    size: 1.5 * Math.max(box.width, box.height),
    angle: Math.atan2(keypoints.leftEye.y - keypoints.rightEye.y, keypoints.leftEye.x - keypoints.rightEye.x),
  };
}

/** Runs FaceMesh on the upright crop around one detected face and maps its 468 points back to image pixels. */
export async function estimateLandmarks(mesh: FaceMesh, image: RgbImage, region: SquareRegion): Promise<FaceLandmarks> {
  const size = mesh.inputSize;
  const pixels = sampleSquare(image, region, size, { scale: 1 / 255, offset: 0 });
  const input = tf.tensor4d(pixels, [1, size, size, 3]);
  let outputs: tf.Tensor[] = [];
  let raw: Float32Array;
  let presence: number;
  try {
    outputs = mesh.model.execute(input, [meshOutput, presenceOutput]) as tf.Tensor[];
    const [points, flag] = (await Promise.all(outputs.map((t) => t.data()))) as Float32Array[];
    raw = points!;
    presence = flag![0]!;
  } finally {
    tf.dispose([input, ...outputs]);
  }
  if (raw.length !== MESH_POINT_COUNT * 3) {
    throw new ShineError(Code.INTERNAL, `facemesh returned ${raw.length} values instead of ${MESH_POINT_COUNT * 3}`);
  }
  return { landmarks: cropToImage(raw, region, size), presence, region };
}

/** Undoes the crop: scale from input pixels to image pixels, turn back by the region's angle, move to its centre. */
function cropToImage(raw: Float32Array, region: SquareRegion, size: number): Float32Array {
  const step = region.size / size;
  const cos = Math.cos(region.angle);
  const sin = Math.sin(region.angle);
  const landmarks = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i += 3) {
    const du = (raw[i]! - size / 2) * step;
    const dv = (raw[i + 1]! - size / 2) * step;
    landmarks[i] = region.centerX + du * cos - dv * sin;
    landmarks[i + 1] = region.centerY + du * sin + dv * cos;
    landmarks[i + 2] = raw[i + 2]! * step;
  }
  return landmarks;
}
