import { intersectionOverUnion, type Box } from './face-geometry.ts';

/** A candidate detection: a box, a score and any number of coordinates that travel with the box. */
export interface Candidate {
  readonly box: Box;
  readonly score: number;
  /** Extra coordinates (keypoints) averaged the same way as the box. */
  readonly points: Float32Array;
}

/**
 * MediaPipe's "weighted" non-maximum suppression: the best-scoring candidate absorbs every other
 * candidate that overlaps it by more than `iouThreshold`, and the kept box and points are the
 * score-weighted mean of the group. Averaging the neighbouring anchors steadies the box compared
 * with keeping only the top one. Returns the merged candidates, best first.
 */
export function weightedNonMaxSuppression(candidates: readonly Candidate[], iouThreshold: number): Candidate[] {
  let remaining = [...candidates].sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    const group = remaining.filter((candidate) => intersectionOverUnion(best.box, candidate.box) > iouThreshold);
    remaining = remaining.filter((candidate) => candidate !== best && !group.includes(candidate));
    kept.push(mergeGroup(best, group.length > 0 ? group : [best]));
  }
  return kept;
}

function mergeGroup(best: Candidate, group: readonly Candidate[]): Candidate {
  let total = 0;
  let x = 0;
  let y = 0;
  let width = 0;
  let height = 0;
  const points = new Float32Array(best.points.length);
  for (const candidate of group) {
    const w = candidate.score;
    total += w;
    x += w * candidate.box.x;
    y += w * candidate.box.y;
    width += w * candidate.box.width;
    height += w * candidate.box.height;
    for (let i = 0; i < points.length; i++) points[i]! += w * candidate.points[i]!;
  }
  for (let i = 0; i < points.length; i++) points[i]! /= total;
  return { box: { x: x / total, y: y / total, width: width / total, height: height / total }, score: best.score, points };
}
