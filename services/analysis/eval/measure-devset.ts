import { readFile } from 'node:fs/promises';
import type { MonkSkinScale } from '@shine/color';
import { ShineError } from '@shine/platform';
import { analyzeDecodedPhoto, analyzePhoto, type PhotoAnalysis } from '../src/analyze-photo.ts';
import { decodeImage, DEFAULT_MAX_PIXELS } from '../src/intake/decode-image.ts';
import { loadFaceModels, type FaceModels } from '../src/faces/face-models.ts';
import { readMonkLevel } from '../src/measurement/measurement-confidence.ts';
import type { LabelledPhoto } from '../src/testing/devset.ts';
import type { Outcome } from './agreement-report.ts';
import { sourceFolds, stratifiedFolds } from './cross-validate.ts';
import { fitMonkSkinScale } from './fit-monk-skin-scale.ts';
import { photoVariants, type Variant } from './photo-variants.ts';

/** One measurement of a labelled photo or of a variant of it. */
export interface Measured {
  readonly photo: LabelledPhoto;
  readonly variant: Outcome['variant'];
  readonly analysis?: PhotoAnalysis;
  readonly refusal?: string;
}

async function measure(photo: LabelledPhoto, variant: Measured['variant'], run: () => Promise<PhotoAnalysis>): Promise<Measured> {
  try {
    return { photo, variant, analysis: await run() };
  } catch (error) {
    if (error instanceof ShineError) return { photo, variant, refusal: error.reason ?? error.message };
    throw error;
  }
}

/**
 * Measures every labelled photo with the real pipeline, and each of its variants unless
 * `originals` only; models load once. Progress goes to `progress` (stderr by the eval).
 */
export async function measureAll(
  photos: readonly LabelledPhoto[],
  options: { backend?: string; originalsOnly?: boolean; progress?: (line: string) => void } = {},
): Promise<Measured[]> {
  const models = await loadFaceModels({ backend: options.backend ?? 'auto' });
  const measured: Measured[] = [];
  const started = performance.now();
  for (const [index, photo] of photos.entries()) {
    const bytes = await readFile(photo.path).catch(() => undefined);
    const image = bytes && (await decodeImage(bytes, { maxPixels: DEFAULT_MAX_PIXELS }).catch(() => undefined));
    if (!bytes || !image) {
      // A labelled photo that cannot be read or decoded counts as missed; the run goes on.
      measured.push({ photo, variant: 'original', refusal: bytes ? 'NOT_AN_IMAGE' : 'UNREADABLE_FILE' });
      continue;
    }
    // Decoded once, as analyzePhoto would decode it, for the photo and for its variants.
    const original = await measure(photo, 'original', () => analyzeDecodedPhoto(models, image));
    measured.push(original);
    if (!options.originalsOnly) {
      for await (const variant of photoVariants(image, original.analysis?.face.box)) {
        measured.push(await measure(photo, variant.kind, () => analyzeVariant(models, variant)));
      }
    }
    options.progress?.(`\r${index + 1}/${photos.length} photos measured (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  options.progress?.('\n');
  models.dispose();
  return measured;
}

function analyzeVariant(models: FaceModels, variant: Variant): Promise<PhotoAnalysis> {
  return 'image' in variant ? analyzeDecodedPhoto(models, variant.image) : analyzePhoto(models, variant.bytes, { maxPixels: DEFAULT_MAX_PIXELS });
}

/** The outcomes as the pipeline answered them, with the scale it ships. */
export function asShipped(measured: readonly Measured[]): Outcome[] {
  return measured.map(({ photo, variant, analysis, refusal }) => ({
    photo,
    variant,
    ...(analysis ? { level: analysis.measurement.skinTone.monk, confidence: analysis.measurement.skinTone.confidence } : {}),
    ...(refusal ? { refusal } : {}),
  }));
}

/** The photos as taken that the pipeline answered (not refused), each with its analysis. */
export function answeredOriginals(measured: readonly Measured[]): (Measured & { readonly analysis: PhotoAnalysis })[] {
  return measured.filter((m): m is Measured & { readonly analysis: PhotoAnalysis } => m.variant === 'original' && m.analysis !== undefined);
}

/** The scale fitted on every answered original photo of `measured`. */
export function fitOn(measured: readonly Measured[]): MonkSkinScale {
  return fitMonkSkinScale(
    answeredOriginals(measured).map((m) => ({ lab: m.analysis.measurement.skinTone.lab, level: m.photo.monk, uncertainty: m.analysis.measurement.skinTone.uncertainty })),
  );
}

/** Every outcome classified by a scale fitted without its photo's fold: k stratified folds, or one per source. */
export function crossValidated(measured: readonly Measured[], k: number | 'source'): Outcome[] {
  const photos = [...new Map(measured.map((m) => [m.photo.file, m.photo])).values()];
  const folds = k === 'source' ? sourceFolds(photos) : stratifiedFolds(photos, k);
  const count = Math.max(...folds.values()) + 1;
  const scales = Array.from({ length: count }, (_, fold) => fitOn(measured.filter((m) => folds.get(m.photo.file) !== fold)));
  return measured.map(({ photo, variant, analysis, refusal }) => {
    if (!analysis) return { photo, variant, ...(refusal ? { refusal } : {}) };
    // Read again on the fold's own scale, uncertainty included, so nothing of the held-out photos leaks in.
    const { lab, uncertainty } = analysis.measurement.skinTone;
    const { reading, confidence } = readMonkLevel(lab, uncertainty, scales[folds.get(photo.file)!]!);
    return { photo, variant, level: reading.level, confidence };
  });
}
