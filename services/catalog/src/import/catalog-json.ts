import type { ProductRecord } from '../catalog-record.ts';

/** Products in the JSON import format, one product per line-group, readable and diffable. */
export function catalogToJson(records: readonly ProductRecord[]): string {
  const products = records.map((record) => ({
    external_id: record.externalId,
    brand: record.brand,
    name: record.name,
    category: record.category,
    price: record.price.amount,
    currency: record.price.currency,
    ...(record.finish ? { finish: record.finish } : {}),
    ...(record.coverage ? { coverage: record.coverage } : {}),
    tags: record.tags,
    shades: record.shades.map((shade) => ({
      name: shade.name,
      hex: shade.hex,
      lab: shade.lab,
      ...(shade.undertone ? { undertone: shade.undertone } : {}),
      ...(shade.depth ? { depth: shade.depth } : {}),
      ...(shade.monkLevel ? { monk: shade.monkLevel } : {}),
      in_stock: shade.inStock,
    })),
  }));
  const lines = products.map((product) => {
    const { shades, ...fields } = product;
    const head = JSON.stringify(fields).slice(0, -1);
    return `    ${head},\n      "shades": [\n${shades.map((shade) => `        ${JSON.stringify(shade)}`).join(',\n')}\n      ]}`;
  });
  return `{\n  "products": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
