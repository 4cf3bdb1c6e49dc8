import type { Lab } from '@shine/color';
import { catalogV1, type typeV1 } from '@shine/contracts';
import type { CatalogProduct, CatalogShade } from './catalog-product.ts';
import type { ShadeMatch } from './match-shades.ts';
import { moneyFromPrice } from './money.ts';
import { categoryEnum, coverageEnum, depthEnum, finishEnum, undertoneEnum } from './proto-enums.ts';
import { shadeVerdict } from './shade-verdict.ts';
import type { UndertoneCompatibility } from './undertone-compatibility.ts';

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
    price: moneyFromPrice(product.price),
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
    lab: labToProto(shade.lab),
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
  };
}

export function labToProto(lab: Lab): typeV1.LabColor {
  return { l: round(lab.l, 4), a: round(lab.a, 4), b: round(lab.b, 4) };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
