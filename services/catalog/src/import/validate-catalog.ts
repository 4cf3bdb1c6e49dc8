import { monkOfSkin, parseHex, srgbToLab65, undertoneOf } from '@shine/color';
import { explainIssue } from '@shine/platform';
import { z } from 'zod';
import { fieldLabel, readCatalogFile, type CatalogFileFormat, type ImportProblem, type RawProduct } from './catalog-file.ts';
import { depthOfLightness } from './shade-depth.ts';
import {
  CATEGORIES,
  COVERAGES,
  FINISHES,
  SHADE_DEPTHS,
  SKIN_CATEGORIES,
  UNDERTONES,
  type ProductRecord,
  type ShadeRecord,
} from '../catalog-record.ts';

const MAX_SHADES_PER_PRODUCT = 500;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    // PostgreSQL text cannot hold a NUL: say so with the line, not with the database's error after it.
    .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character (\\u0000)');

const shadeSchema = z.strictObject({
  name: text(100),
  hex: z.string().trim().regex(/^#?[0-9a-fA-F]{6}$/, 'must be an sRGB colour written "#RRGGBB"'),
  lab: z
    .strictObject({
      l: z.number().min(0).max(100),
      a: z.number().min(-128).max(128),
      b: z.number().min(-128).max(128),
    })
    .optional(),
  undertone: z.enum(UNDERTONES).optional(),
  depth: z.enum(SHADE_DEPTHS).optional(),
  monk: z.number().int().min(1).max(10).optional(),
  in_stock: z.boolean().default(true),
});

const productSchema = z.strictObject({
  external_id: text(200),
  brand: text(100),
  name: text(200),
  category: z.enum(CATEGORIES),
  price: z
    .union([z.string(), z.number()])
    .transform((value) => String(value).trim())
    .pipe(z.string().regex(/^\d{1,9}(\.\d{1,9})?$/, 'must be an amount such as 34.99, not negative')),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  finish: z.enum(FINISHES).optional(),
  coverage: z.enum(COVERAGES).optional(),
  tags: z.array(text(40).toLowerCase()).max(20, 'must have at most 20 tags').default([]),
});

export interface ValidationResult {
  records: ProductRecord[];
  problems: ImportProblem[];
}

/** Reads and checks a whole import file: every problem of either step, in line order. */
export function validateCatalogFile(text: string, format: CatalogFileFormat): ValidationResult {
  const read = readCatalogFile(text, format);
  const validated = validateCatalog(read.products);
  const problems = [...read.problems, ...validated.problems].sort((left, right) => left.line - right.line);
  return { records: problems.length === 0 ? validated.records : [], problems };
}

/**
 * Checks every product and shade read from a file and fills in what can be derived: CIELAB from the
 * hex colour (unless measured values are given), and for skin products the undertone, depth and Monk
 * level from that colour. Reports every problem with its line, not only the first.
 */
export function validateCatalog(products: readonly RawProduct[]): ValidationResult {
  const problems: ImportProblem[] = [];
  const records: ProductRecord[] = [];
  const seen = new Map<string, number>();
  for (const raw of products) {
    const parsed = productSchema.safeParse(raw.fields);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line: raw.line, message: describeIssue(raw, issue.path, issue, raw.fields) });
    }
    const externalId = parsed.success ? parsed.data.external_id : undefined;
    if (externalId !== undefined) {
      const firstLine = seen.get(externalId);
      if (firstLine !== undefined) problems.push({ line: raw.line, message: `external_id "${externalId}" was already used on line ${firstLine}` });
      else seen.set(externalId, raw.line);
    }
    const where = raw.path === '' ? '' : `${raw.path}: `;
    if (raw.shades.length === 0) problems.push({ line: raw.line, message: `${where}a product needs at least one shade` });
    if (raw.shades.length > MAX_SHADES_PER_PRODUCT) {
      problems.push({ line: raw.line, message: `${where}a product may have at most ${MAX_SHADES_PER_PRODUCT} shades, this one has ${raw.shades.length}` });
    }

    const shades: ShadeRecord[] = [];
    const shadeNames = new Map<string, number>();
    for (const [index, rawShade] of raw.shades.entries()) {
      const shade = shadeSchema.safeParse(rawShade.fields);
      if (!shade.success) {
        for (const issue of shade.error.issues) {
          problems.push({ line: rawShade.line, message: describeIssue(raw, ['shades', index, ...issue.path], issue, rawShade.fields, issue.path) });
        }
        continue;
      }
      const firstLine = shadeNames.get(shade.data.name.toLowerCase());
      if (firstLine !== undefined) {
        problems.push({ line: rawShade.line, message: `shade "${shade.data.name}" appears twice in this product (first on line ${firstLine})` });
        continue;
      }
      shadeNames.set(shade.data.name.toLowerCase(), rawShade.line);
      if (parsed.success) shades.push(completeShade(shade.data, SKIN_CATEGORIES.has(parsed.data.category)));
    }
    if (parsed.success) {
      const { data } = parsed;
      records.push({
        externalId: data.external_id,
        brand: data.brand,
        name: data.name,
        category: data.category,
        price: { amount: data.price, currency: data.currency },
        finish: data.finish,
        coverage: data.coverage,
        tags: [...new Set(data.tags)].sort(),
        shades,
      });
    }
  }
  problems.sort((left, right) => left.line - right.line);
  return { records: problems.length === 0 ? records : [], problems };
}

function completeShade(shade: z.infer<typeof shadeSchema>, skin: boolean): ShadeRecord {
  const hex = `#${shade.hex.replace('#', '').toLowerCase()}`;
  const rgb = parseHex(hex);
  if (!rgb) throw new Error(`the schema let through ${hex}`);
  const lab = shade.lab ?? srgbToLab65(rgb);
  return {
    name: shade.name,
    hex,
    lab,
    undertone: shade.undertone ?? (skin ? undertoneOf(lab).undertone : undefined),
    depth: shade.depth ?? (skin ? depthOfLightness(lab.l) : undefined),
    monkLevel: shade.monk ?? (skin ? monkOfSkin(lab).level : undefined),
    inStock: shade.in_stock,
  };
}

/** "shade_hex must be an sRGB colour written "#RRGGBB", got "#12345"". */
function describeIssue(
  product: RawProduct,
  path: readonly PropertyKey[],
  issue: z.core.$ZodIssue,
  fields: Record<string, unknown>,
  localPath: readonly PropertyKey[] = path,
): string {
  if (issue.code === 'unrecognized_keys') {
    const where = path.length > 0 || product.path !== '' ? `${fieldLabel(product, path)}: ` : '';
    return `${where}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  }
  const label = fieldLabel(product, path);
  const value = valueAt(fields, localPath);
  if (value === undefined) return `${label} is required`;
  return `${label} ${explainIssue(issue, String)}, got ${JSON.stringify(value)}`;
}

function valueAt(fields: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  let node: unknown = fields;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}
