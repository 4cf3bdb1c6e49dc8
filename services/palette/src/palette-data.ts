import { readFileSync } from 'node:fs';
import { parseHex, srgbToLab65, type Lab } from '@shine/color';
import { explainIssue } from '@shine/platform';
import { z } from 'zod';

export type Temperature = 'warm' | 'neutral' | 'cool';

/** A colour from the team's data files, with its CIELAB computed once at load. */
export interface PaletteColor {
  readonly name: string;
  readonly hex: string;
  readonly lab: Lab;
  readonly temperature: Temperature;
  readonly reason: string;
  /** Clothing only: a basic (white, grey, navy, camel…) rather than an accent. */
  readonly neutral: boolean;
}

export interface PaletteData {
  readonly clothing: readonly PaletteColor[];
  readonly blush: readonly PaletteColor[];
  readonly lipstick: readonly PaletteColor[];
  readonly eyeshadow: readonly PaletteColor[];
  readonly correctors: readonly PaletteColor[];
}

const colorSchema = z.object({
  name: z.string().min(1),
  hex: z.string().regex(/^#[0-9a-f]{6}$/i, 'must be #rrggbb'),
  temperature: z.enum(['warm', 'neutral', 'cool']),
  reason: z.string().min(10).max(160),
  neutral: z.boolean().optional(),
});
const clothingSchema = z.object({ colors: z.array(colorSchema).min(24) });
const makeupSchema = z.object({
  blush: z.array(colorSchema).min(12),
  lipstick: z.array(colorSchema).min(12),
  eyeshadow: z.array(colorSchema).min(12),
  correctors: z.array(colorSchema).min(3),
});

const dataDir = new URL('../data/', import.meta.url);

/** Reads and checks the data files; a broken file stops the service at start with the entry named. */
export function loadPaletteData(): PaletteData {
  const clothing = parse(clothingSchema, 'clothing.json');
  const makeup = parse(makeupSchema, 'makeup.json');
  return {
    clothing: clothing.colors.map(toPaletteColor),
    blush: makeup.blush.map(toPaletteColor),
    lipstick: makeup.lipstick.map(toPaletteColor),
    eyeshadow: makeup.eyeshadow.map(toPaletteColor),
    correctors: makeup.correctors.map(toPaletteColor),
  };
}

function parse<Schema extends z.ZodType>(schema: Schema, file: string): z.infer<Schema> {
  const result = schema.safeParse(JSON.parse(readFileSync(new URL(file, dataDir), 'utf8')));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`palette data ${file}: ${issue.path.join('.')} ${explainIssue(issue)}`);
  }
  return result.data;
}

function toPaletteColor(color: z.infer<typeof colorSchema>): PaletteColor {
  return {
    name: color.name,
    hex: color.hex.toLowerCase(),
    lab: srgbToLab65(parseHex(color.hex)!),
    temperature: color.temperature,
    reason: color.reason,
    neutral: color.neutral ?? false,
  };
}
