import type { Lab, Undertone } from '@shine/color';
import type { DecimalMoney } from '@shine/contracts';

export { UNDERTONES, type Undertone } from '@shine/color';

/** What the catalogue stores, in the words its tables and import files use. */
export const CATEGORIES = ['foundation', 'concealer', 'powder', 'blush', 'bronzer', 'highlighter', 'lipstick', 'eyeshadow'] as const;
export const FINISHES = ['matte', 'natural', 'satin', 'dewy', 'shimmer', 'glossy', 'metallic'] as const;
export const COVERAGES = ['sheer', 'light', 'medium', 'full'] as const;
export const SHADE_DEPTHS = ['fair', 'light', 'medium', 'tan', 'deep', 'rich'] as const;

export type Category = (typeof CATEGORIES)[number];
export type Finish = (typeof FINISHES)[number];
export type Coverage = (typeof COVERAGES)[number];
export type ShadeDepth = (typeof SHADE_DEPTHS)[number];

/** Categories worn as skin: their shades get an undertone and depth from their colour when none is given. */
export const SKIN_CATEGORIES: ReadonlySet<Category> = new Set(['foundation', 'concealer', 'powder']);

/** A price as an exact decimal string ("34.99") in an ISO 4217 currency. */
export type Price = DecimalMoney;

/** One shade as imported: every derived field (CIELAB, depth, Monk level) already filled in. */
export interface ShadeRecord {
  name: string;
  hex: string;
  lab: Lab;
  undertone: Undertone | undefined;
  depth: ShadeDepth | undefined;
  monkLevel: number | undefined;
  inStock: boolean;
}

/** What a product is, whether as imported or as the catalogue serves it. */
export interface ProductFields {
  brand: string;
  name: string;
  category: Category;
  price: Price;
  finish: Finish | undefined;
  coverage: Coverage | undefined;
  tags: string[];
}

/** One product as imported, identified by the supplier's id. */
export interface ProductRecord extends ProductFields {
  externalId: string;
  shades: ShadeRecord[];
}
