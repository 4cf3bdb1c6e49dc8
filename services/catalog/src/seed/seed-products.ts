import { readFileSync } from 'node:fs';
import type { Lab } from '@shine/color';
import { explainIssue } from '@shine/platform';
import { z } from 'zod';
import { COVERAGES, FINISHES, type Coverage, type Finish } from '../catalog-record.ts';

// The words and colours the seed catalogue is made of, as data the team edits
// (services/catalog/data/seed-products.json), checked when read so a typo fails at once.

/** A product line a seed brand may carry: its name, finish and coverage. */
export interface ProductLine {
  readonly name: string;
  readonly finish: Finish;
  readonly coverage: Coverage;
}

/** A colour family for blush and lipstick, with its centre in CIELAB (D65). */
export interface ColourFamily {
  readonly name: string;
  readonly lab: Lab;
}

export type SeedCategory = 'foundation' | 'concealer' | 'powder' | 'blush' | 'lipstick';

const line = z.strictObject({ name: z.string().min(1), finish: z.enum(FINISHES), coverage: z.enum(COVERAGES) });
const family = z.strictObject({
  name: z.string().min(1),
  lab: z.strictObject({ l: z.number().min(0).max(100), a: z.number().min(-128).max(128), b: z.number().min(-128).max(128) }),
});
const seedProductsSchema = z.strictObject({
  productLines: z.strictObject({
    foundation: z.array(line).min(2),
    concealer: z.array(line).min(1),
    powder: z.array(line).min(1),
    blush: z.array(line).min(1),
    lipstick: z.array(line).min(1),
  }),
  colourFamilies: z.strictObject({ blush: z.array(family).min(1), lipstick: z.array(family).min(1) }),
});

const file = new URL('../../data/seed-products.json', import.meta.url);

function readSeedProducts(): z.infer<typeof seedProductsSchema> {
  const result = seedProductsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`seed data ${file.pathname}: ${issue.path.join('.')} ${explainIssue(issue)}`);
}

const seedProducts = readSeedProducts();

export const PRODUCT_LINES: Readonly<Record<SeedCategory, readonly ProductLine[]>> = seedProducts.productLines;
export const BLUSH_FAMILIES: readonly ColourFamily[] = seedProducts.colourFamilies.blush;
export const LIPSTICK_FAMILIES: readonly ColourFamily[] = seedProducts.colourFamilies.lipstick;
