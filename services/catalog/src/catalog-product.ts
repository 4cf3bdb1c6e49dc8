import type { Lab } from '@shine/color';
import type { Category, Coverage, Finish, Price, ShadeDepth, Undertone } from './catalog-record.ts';

/** A product as the catalogue serves it. */
export interface CatalogProduct {
  id: string;
  brand: string;
  name: string;
  category: Category;
  price: Price;
  finish: Finish | undefined;
  coverage: Coverage | undefined;
  tags: string[];
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
