import type { Lab } from '@shine/color';
import { catalogV1, labToMessage, moneyToMessage, undertoneEnum } from '@shine/contracts';
import { categoryEnum, coverageEnum, depthEnum, finishEnum } from './proto-enums.ts';
import type { CatalogProduct, CatalogShade } from '../catalog-product.ts';
import type { ShadeMatch } from '../matching/match-shades.ts';
import { shadeVerdict } from '../matching/shade-verdict.ts';
import type { UndertoneCompatibility } from '../matching/undertone-compatibility.ts';

const COMPATIBILITY: Record<UndertoneCompatibility, catalogV1.UndertoneCompatibility> = {
  unknown: catalogV1.UndertoneCompatibility.UNDERTONE_COMPATIBILITY_UNSPECIFIED,
  match: catalogV1.UndertoneCompatibility.UNDERTONE_COMPATIBILITY_MATCH,
  compatible: catalogV1.UndertoneCompatibility.UNDERTONE_COMPATIBILITY_COMPATIBLE,
  mismatch: catalogV1.UndertoneCompatibility.UNDERTONE_COMPATIBILITY_MISMATCH,
};

export function productToProto(product: CatalogProduct): catalogV1.Product {
  return {
    id: product.id,
    brand: product.brand,
    name: product.name,
    category: categoryEnum.toProto(product.category),
    price: moneyToMessage(product.price),
    finish: finishEnum.toProto(product.finish),
    coverage: coverageEnum.toProto(product.coverage),
    tags: product.tags,
    shades: product.shades.map(shadeToProto),
  };
}

export function shadeToProto(shade: CatalogShade): catalogV1.Shade {
  return {
    id: shade.id,
    name: shade.name,
    hex: shade.hex,
    lab: labToMessage(shade.lab, 4),
    undertone: undertoneEnum.toProto(shade.undertone),
    depth: depthEnum.toProto(shade.depth),
    inStock: shade.inStock,
  };
}

export function shadeMatchToProto(skin: Lab, match: ShadeMatch): catalogV1.ShadeMatch {
  const { entry } = match;
  return {
    productId: entry.productId,
    brand: entry.brand,
    productName: entry.productName,
    category: categoryEnum.toProto(entry.category),
    shade: shadeToProto(entry.shade),
    deltaE00: round(match.deltaE, 2),
    lightnessDifference: round(entry.shade.lab.l - skin.l, 2),
    undertoneCompatibility: COMPATIBILITY[match.compatibility],
    verdict: shadeVerdict(skin, entry.shade.lab),
    price: moneyToMessage(entry.price),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
