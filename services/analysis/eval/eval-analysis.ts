// npm run eval:analysis [-- labels.tsv] [--save measurements.json] [--write-fit]: the real pipeline
// over every labelled photo and its synthetic variants, scored against the labels. A table for a
// person on stdout, progress on stderr, and a last line of JSON. Models load once.
//
// The Monk scale is fitted on labelled photos, so it is scored by k-fold cross-validation: each
// fold's photos (and their variants) are classified by a scale fitted on the other folds only.
// Those held-out figures are the ones that count; the shipped scale (fitted on every photo) is
// reported beside them. --write-fit writes that whole-set fit into @shine/color.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monkOfSkin, type MonkSkinScale } from '@shine/color';
import { ShineError } from '@shine/platform';
import { analyzeDecodedPhoto, analyzePhoto, type PhotoAnalysis } from '../src/analyze-photo.ts';
import { decodeImage, DEFAULT_MAX_PIXELS } from '../src/decode-image.ts';
import { loadFaceModels, type FaceModels } from '../src/face-models.ts';
import { defaultLabelsPath, readLabels, type LabelledPhoto } from '../src/testing/devset.ts';
import { agreementFigures, type AgreementFigures, type Outcome } from './agreement-report.ts';
import { stratifiedFolds } from './cross-validate.ts';
import { fitMonkSkinScale } from './fit-monk-skin-scale.ts';
import { photoVariants, VARIANT_KINDS, type Variant } from './photo-variants.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    save: { type: 'string' },
    'write-fit': { type: 'boolean', default: false },
    folds: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'auto' },
  },
});
const labelsPath = positionals[0] ?? defaultLabelsPath();

/** One measurement of a labelled photo or of a variant of it. */
interface Measured {
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

async function measureAll(photos: readonly LabelledPhoto[]): Promise<Measured[]> {
  const models = await loadFaceModels({ backend: values.backend });
  const measured: Measured[] = [];
  const started = performance.now();
  for (const [index, photo] of photos.entries()) {
    const bytes = await readFile(photo.path);
    const image = await decodeImage(bytes, { maxPixels: DEFAULT_MAX_PIXELS });
    const original = await measure(photo, 'original', () => analyzePhoto(models, bytes, { maxPixels: DEFAULT_MAX_PIXELS }));
    measured.push(original);
    for await (const variant of photoVariants(image, original.analysis?.face.box)) {
      measured.push(await measure(photo, variant.kind, () => analyzeVariant(models, variant)));
    }
    process.stderr.write(`\r${index + 1}/${photos.length} photos measured (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  process.stderr.write('\n');
  models.dispose();
  return measured;
}

function analyzeVariant(models: FaceModels, variant: Variant): Promise<PhotoAnalysis> {
  return 'image' in variant ? analyzeDecodedPhoto(models, variant.image) : analyzePhoto(models, variant.bytes, { maxPixels: DEFAULT_MAX_PIXELS });
}

function asShipped(measured: readonly Measured[]): Outcome[] {
  return measured.map(({ photo, variant, analysis, refusal }) => ({
    photo,
    variant,
    ...(analysis ? { level: analysis.measurement.skinTone.monk, confidence: analysis.measurement.skinTone.confidence } : {}),
    ...(refusal ? { refusal } : {}),
  }));
}

/** The scale fitted on every answered original photo of `measured`. */
function fitOn(measured: readonly Measured[]): MonkSkinScale {
  return fitMonkSkinScale(
    measured
      .filter((m) => m.variant === 'original' && m.analysis)
      .map((m) => ({ lab: m.analysis!.measurement.skinTone.lab, level: m.photo.monk, measurementSigma: m.analysis!.measurement.skinTone.measurementSigma })),
  );
}

/** Every outcome classified by a scale fitted without its photo's fold. */
function crossValidated(measured: readonly Measured[], k: number): Outcome[] {
  const folds = stratifiedFolds([...new Map(measured.map((m) => [m.photo.file, m.photo])).values()], k);
  const scales = Array.from({ length: k }, (_, fold) => fitOn(measured.filter((m) => folds.get(m.photo.file) !== fold)));
  return measured.map(({ photo, variant, analysis, refusal }) => {
    if (!analysis) return { photo, variant, ...(refusal ? { refusal } : {}) };
    const { lab, measurementSigma, confidenceFactor } = analysis.measurement.skinTone;
    const reading = monkOfSkin(lab, { scale: scales[folds.get(photo.file)!]!, measurementSigma });
    return { photo, variant, level: reading.level, confidence: reading.withinOne * confidenceFactor };
  });
}

async function writeFit(scale: MonkSkinScale): Promise<void> {
  const path = fileURLToPath(new URL('../../../packages/color/src/gen/monk-skin-scale-fit.ts', import.meta.url));
  const fixed = (value: number) => Number(value.toFixed(4));
  const body = Object.entries(scale).map(([key, value]) => `  ${key}: ${fixed(value as number)},`).join('\n');
  await writeFile(path, `// Generated by \`npm run eval:analysis -- --write-fit\` from the labelled development set. Do not edit.\nexport const FITTED_MONK_SKIN_SCALE = {\n${body}\n} as const;\n`);
  process.stderr.write(`wrote the fitted Monk scale to ${path}\n`);
}

function printPhotos(measured: readonly Measured[], outcomes: readonly Outcome[]): void {
  console.log(`${'photo'.padEnd(30)} label  MST  conf   L*    a*    b*  exposure  warnings`);
  for (const [index, m] of measured.entries()) {
    if (m.variant !== 'original') continue;
    const outcome = outcomes[index]!;
    const name = m.photo.file.slice(0, 29).padEnd(30);
    if (!m.analysis) {
      console.log(`${name} ${String(m.photo.monk).padStart(5)}  refused: ${m.refusal}`);
      continue;
    }
    const { skinTone, lighting, warnings } = m.analysis.measurement;
    const miss = Math.abs(outcome.level! - m.photo.monk) > 1 ? ' ✗' : '';
    console.log(
      `${name} ${String(m.photo.monk).padStart(5)} ${String(outcome.level).padStart(4)}${miss.padEnd(2)} ${outcome.confidence!.toFixed(2)} ` +
        `${skinTone.lab.l.toFixed(1).padStart(5)} ${skinTone.lab.a.toFixed(1).padStart(5)} ${skinTone.lab.b.toFixed(1).padStart(5)}  ${lighting.exposure.padEnd(8)}  ${warnings.map((w) => w.code).join(' ')}`,
    );
  }
}

function printFigures(title: string, figures: AgreementFigures): void {
  console.log(`\n${title}`);
  console.log(`  all     n ${figures.n}  ±1 ${figures.within1_pct}%  exact ${figures.exact_pct}%  MAE ${figures.mae}  mean signed ${figures.mean_signed}`);
  for (const [group, g] of Object.entries(figures.groups)) {
    console.log(`  ${group.padEnd(7)} n ${g.n}  ±1 ${g.within1_pct}%  exact ${g.exact_pct}%  MAE ${g.mae}  mean signed ${g.mean_signed}`);
  }
  console.log(`  missed  ${figures.missed}${figures.missed ? `: ${figures.missed_files.join(', ')}` : ''}`);
  console.log(`  variants within ±1 of their photo: ${Object.entries(figures.drift_within1_pct).map(([kind, pct]) => `${kind} ${pct}%`).join('  ')}`);
  console.log(`  confidence bands (±1 with the label): ${Object.entries(figures.confidence_bands).map(([band, b]) => `${band}: ${b.within1_pct}% of ${b.n}`).join('  ')}  ECE ${figures.ece}`);
}

const photos = await readLabels(labelsPath);
process.stderr.write(`${photos.length} labelled photos from ${labelsPath}, each with ${VARIANT_KINDS.length} variants\n`);
const measured = await measureAll(photos);
if (values.save) await writeFile(values.save, JSON.stringify(measured.map(({ photo, ...rest }) => ({ file: photo.file, monk: photo.monk, ...rest }))));

const shipped = asShipped(measured);
const heldOut = crossValidated(measured, Number(values.folds));
printPhotos(measured, heldOut);
const figures = agreementFigures(heldOut);
const inSample = agreementFigures(shipped);
printFigures(`Held out (${values.folds}-fold cross-validation: each photo classified by a scale fitted without it)`, figures);
printFigures('As shipped (the scale in @shine/color, fitted on this whole set: in-sample)', inSample);
if (values['write-fit']) await writeFit(fitOn(measured));
const summary = (f: AgreementFigures) => ({ within1_pct: f.within1_pct, exact_pct: f.exact_pct, mae: f.mae, groups: f.groups });
console.log(JSON.stringify({ labels: labelsPath, photos: photos.length, cross_validation: `${values.folds}-fold stratified by level`, ...figures, in_sample: summary(inSample) }));
