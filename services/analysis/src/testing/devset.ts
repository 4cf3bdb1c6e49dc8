import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MonkLevel } from '@shine/color';

// The labelled development set lives beside the checkout (shared/data/devset, see its MANIFEST.md),
// never inside the repository; SHINE_DEVSET names another labels.tsv.
const DEFAULT_LABELS = fileURLToPath(new URL('../../../../../shared/data/devset/labels.tsv', import.meta.url));

/** One labelled photo of labels.tsv. */
export interface LabelledPhoto {
  readonly file: string;
  /** Absolute path of the photo (files are named relative to labels.tsv). */
  readonly path: string;
  /** The Monk level judged by eye. */
  readonly monk: MonkLevel;
  /** The levels a careful rater could defend, lowest and highest. */
  readonly range: readonly [MonkLevel, MonkLevel];
  /** Where the photo comes from (`owner/repository@commit:path`). */
  readonly source: string;
  readonly notes: string;
}

export type ToneGroup = 'light' | 'medium' | 'deep';

/** Light MST 1-3, medium 4-6, deep 7-10: the groups the accuracy is reported for. */
export function toneGroupOf(level: number): ToneGroup {
  return level <= 3 ? 'light' : level <= 6 ? 'medium' : 'deep';
}

/** The labels.tsv to read: SHINE_DEVSET when set, else the development set beside the checkout. */
export function defaultLabelsPath(): string {
  return process.env['SHINE_DEVSET'] || DEFAULT_LABELS;
}

/** Reads a labels.tsv (`file monk range source notes`, a header line first); a malformed line is named. */
export async function readLabels(labelsPath: string): Promise<LabelledPhoto[]> {
  if (!existsSync(labelsPath)) {
    throw new Error(`no labels at ${labelsPath}: clone Shine beside shared/ (data/devset), or set SHINE_DEVSET to a labels.tsv`);
  }
  const folder = dirname(labelsPath);
  const lines = (await readFile(labelsPath, 'utf8')).split(/\r?\n/);
  const header = lines[0]?.split('\t') ?? [];
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${labelsPath}: the header has no '${name}' column (it has ${header.join(', ')})`);
    return index;
  };
  const [file, monk, range, source, notes] = ['file', 'monk', 'range', 'source', 'notes'].map(column) as [number, number, number, number, number];
  const photos: LabelledPhoto[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = line.split('\t');
    const where = `${labelsPath}:${index + 2}`;
    const name = cells[file]?.trim() ?? '';
    if (name === '') throw new Error(`${where}: no file named`);
    if (seen.has(name)) throw new Error(`${where}: ${name} is labelled twice`);
    seen.add(name);
    const level = parseLevel(cells[monk], where);
    const rangeCell = cells[range]?.trim() || `${level}`;
    const bounds = /^(\d+)(?:-(\d+))?$/.exec(rangeCell);
    if (!bounds) throw new Error(`${where}: range '${rangeCell}' is not a level or two levels like 3-4`);
    const [low, high] = [parseLevel(bounds[1], where), parseLevel(bounds[2] ?? bounds[1], where)];
    if (low > high || level < low || level > high) throw new Error(`${where}: range ${rangeCell} does not hold the label ${level}`);
    photos.push({ file: name, path: join(folder, name), monk: level, range: [low, high], source: cells[source] ?? '', notes: cells[notes] ?? '' });
  });
  return photos;
}

function parseLevel(cell: string | undefined, where: string): MonkLevel {
  const level = /^\d+$/.test(cell?.trim() ?? '') ? Number(cell!.trim()) : Number.NaN;
  if (!(level >= 1 && level <= 10)) throw new Error(`${where}: '${cell ?? ''}' is not a Monk level 1-10`);
  return level as MonkLevel;
}
