import { toneGroupOf, type LabelledPhoto, type ToneGroup } from '../src/testing/devset.ts';
import type { VariantKind } from './photo-variants.ts';

/** What the pipeline answered for one labelled photo or one of its variants. */
export interface Outcome {
  readonly photo: LabelledPhoto;
  readonly variant: 'original' | VariantKind;
  /** The Monk level answered; undefined when the photo was refused. */
  readonly level?: number;
  readonly confidence?: number;
  /** The refusal's reason (NO_FACE, FACE_TOO_SMALL…) when refused. */
  readonly refusal?: string;
}

export interface GroupFigures {
  readonly n: number;
  readonly within1_pct: number;
  readonly exact_pct: number;
  /** Mean of answered − labelled: negative reads lighter than the label, positive deeper. */
  readonly mean_signed: number;
  readonly mae: number;
}

export interface AgreementFigures extends GroupFigures {
  readonly groups: Record<ToneGroup, GroupFigures>;
  /** Labelled photos refused (no face found, or no skin to measure). */
  readonly missed: number;
  readonly missed_files: string[];
  /** Per variant kind: the share of variants within one level of their own photo's answer. */
  readonly drift_within1_pct: Record<string, number>;
  /** Per variant kind: variants refused although their photo was answered. */
  readonly drift_refused: Record<string, number>;
  /** Per variant kind: the mean confidence of the variants that moved more than one level (null when none did). */
  readonly drift_missed_confidence: Record<string, number | null>;
  /** ±1 agreement with the label within each confidence band, over photos and variants together. */
  readonly confidence_bands: Record<string, { n: number; within1_pct: number; mean_confidence: number }>;
  /** Expected calibration error of confidence as the chance of ±1 agreement (10 equal bins). */
  readonly ece: number;
  /** The same two on the photos as taken only (variants share their photo's label, so pooled figures lean on them). */
  readonly confidence_bands_originals: Record<string, { n: number; within1_pct: number; mean_confidence: number }>;
  readonly ece_originals: number;
}

const BANDS: readonly [string, number, number][] = [
  ['<0.5', 0, 0.5],
  ['0.5-0.8', 0.5, 0.8],
  ['>=0.8', 0.8, Number.POSITIVE_INFINITY],
];

/** The agreement figures of a set of outcomes (originals and variants of the same photos). */
export function agreementFigures(outcomes: readonly Outcome[]): AgreementFigures {
  const originals = outcomes.filter((o) => o.variant === 'original');
  const answered = originals.filter((o) => o.level !== undefined);
  const groups = Object.fromEntries(
    (['light', 'medium', 'deep'] as const).map((group) => [group, groupFigures(answered.filter((o) => toneGroupOf(o.photo.monk) === group))]),
  ) as Record<ToneGroup, GroupFigures>;

  const ownLevel = new Map(answered.map((o) => [o.photo.file, o.level!]));
  const drift: Record<string, number> = {};
  const driftRefused: Record<string, number> = {};
  const driftMissedConfidence: Record<string, number | null> = {};
  const kinds = [...new Set(outcomes.filter((o) => o.variant !== 'original').map((o) => o.variant))];
  for (const kind of kinds) {
    const variants = outcomes.filter((o) => o.variant === kind && ownLevel.has(o.photo.file));
    const within = variants.filter((o) => o.level !== undefined && Math.abs(o.level - ownLevel.get(o.photo.file)!) <= 1).length;
    drift[kind] = percent(within, variants.length);
    driftRefused[kind] = variants.filter((o) => o.level === undefined).length;
    const moved = variants.filter((o) => o.level !== undefined && Math.abs(o.level - ownLevel.get(o.photo.file)!) > 1);
    driftMissedConfidence[kind] = moved.length === 0 ? null : round(mean(moved.map((o) => o.confidence ?? 0)), 2);
  }

  const rated = outcomes.filter((o) => o.level !== undefined && o.confidence !== undefined);
  const ratedOriginals = rated.filter((o) => o.variant === 'original');
  const missed = originals.filter((o) => o.level === undefined);
  return {
    ...groupFigures(answered),
    groups,
    missed: missed.length,
    missed_files: missed.map((o) => `${o.photo.file} (${o.refusal})`),
    drift_within1_pct: drift,
    drift_refused: driftRefused,
    drift_missed_confidence: driftMissedConfidence,
    confidence_bands: confidenceBands(rated),
    ece: round(expectedCalibrationError(rated), 3),
    confidence_bands_originals: confidenceBands(ratedOriginals),
    ece_originals: round(expectedCalibrationError(ratedOriginals), 3),
  };
}

function groupFigures(answered: readonly Outcome[]): GroupFigures {
  const errors = answered.map((o) => o.level! - o.photo.monk);
  return {
    n: answered.length,
    within1_pct: percent(errors.filter((e) => Math.abs(e) <= 1).length, errors.length),
    exact_pct: percent(errors.filter((e) => e === 0).length, errors.length),
    mean_signed: round(mean(errors), 2),
    mae: round(mean(errors.map(Math.abs)), 2),
  };
}

/** ±1 agreement with the label within each confidence band. */
function confidenceBands(rated: readonly Outcome[]): Record<string, { n: number; within1_pct: number; mean_confidence: number }> {
  return Object.fromEntries(
    BANDS.map(([name, low, high]) => {
      const inBand = rated.filter((o) => o.confidence! >= low && o.confidence! < high);
      return [name, { n: inBand.length, within1_pct: percent(inBand.filter(isWithinOne).length, inBand.length), mean_confidence: round(mean(inBand.map((o) => o.confidence!)), 3) }];
    }),
  );
}

const isWithinOne = (o: Outcome) => Math.abs(o.level! - o.photo.monk) <= 1;

/** Σ over 10 equal confidence bins of (share of outcomes) × |±1 agreement − mean confidence|. */
function expectedCalibrationError(rated: readonly Outcome[]): number {
  if (rated.length === 0) return Number.NaN;
  let error = 0;
  for (let bin = 0; bin < 10; bin++) {
    const inBin = rated.filter((o) => Math.min(9, Math.floor(o.confidence! * 10)) === bin);
    if (inBin.length === 0) continue;
    const accuracy = inBin.filter(isWithinOne).length / inBin.length;
    error += (inBin.length / rated.length) * Math.abs(accuracy - mean(inBin.map((o) => o.confidence!)));
  }
  return error;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function percent(count: number, total: number): number {
  return total === 0 ? Number.NaN : round((100 * count) / total, 1);
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
