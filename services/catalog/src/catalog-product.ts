import type { Lab } from '@shine/color';
import type { ProductFields, ShadeDepth, Undertone } from './catalog-record.ts';

/** A product as the catalogue serves it. */
export interface CatalogProduct extends ProductFields {
  id: string;
  /** Lightest first. */
  shades: CatalogShade[];
}

export interface CatalogShade {
  id: string;
  name: string;
  hex: string;
  lab: Lab;
  undertone: Undertone | undefined;
  depth: ShadeDepth | undefined;
  inStock: boolean;
}
