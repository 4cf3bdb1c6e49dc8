import type { LabelledPhoto } from '../src/testing/devset.ts';

/**
 * Assigns each labelled photo to one of `k` folds, stratified by level: photos sorted by level
 * (then name) are dealt round-robin, so every fold holds light, medium and deep faces alike.
 * Deterministic: the same labels always make the same folds.
 */
export function stratifiedFolds(photos: readonly LabelledPhoto[], k: number): Map<string, number> {
  const sorted = photos.toSorted((p, q) => p.monk - q.monk || p.file.localeCompare(q.file));
  return new Map(sorted.map((photo, index) => [photo.file, index % k]));
}
