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

/**
 * One fold per source repository (`owner/repository` of `source`): every photo is classified by a
 * scale fitted without any photo from where it came, a harder test than stratified folds when a
 * source brings many photos of one kind (one brings 11 of the 15 deep faces).
 */
export function sourceFolds(photos: readonly LabelledPhoto[]): Map<string, number> {
  const repositories = [...new Set(photos.map(repositoryOf))].sort();
  return new Map(photos.map((photo) => [photo.file, repositories.indexOf(repositoryOf(photo))]));
}

function repositoryOf(photo: LabelledPhoto): string {
  return photo.source.split('@')[0] || photo.file;
}
