import { inTransaction, type Pool } from '@shine/postgres';
import type { ProductCursor, ProductFilter } from './product-query.ts';
import type { CatalogProduct, CatalogShade } from '../catalog-product.ts';
import type { Category, Coverage, Finish, ShadeDepth, Undertone } from '../catalog-record.ts';
import type { IndexedShade } from '../matching/shade-index.ts';

export interface ProductPage {
  products: CatalogProduct[];
  /** Where the page ended, when more products may follow. */
  next: ProductCursor | undefined;
}

/** The catalogue's tables as the service reads them. Writing is `importCatalog`. */
export interface CatalogStore {
  listProducts(filter: ProductFilter, pageSize: number, after: ProductCursor | undefined): Promise<ProductPage>;
  getProduct(id: string): Promise<CatalogProduct | undefined>;
  /** Every shade with its product, for the in-memory matching index, and the version they belong to. */
  loadShades(): Promise<{ version: number; shades: IndexedShade[] }>;
  version(): Promise<number>;
  isEmpty(): Promise<boolean>;
}

interface ProductRow {
  id: string;
  brand_key: string;
  brand: string;
  name: string;
  category: Category;
  price: string;
  currency: string;
  finish: Finish | null;
  coverage: Coverage | null;
  tags: string[];
}

interface ShadeRow {
  id: string;
  product_id: string;
  name: string;
  hex: string;
  l: number;
  a: number;
  b: number;
  undertone: Undertone | null;
  depth: ShadeDepth | null;
  in_stock: boolean;
}

const PRODUCT_COLUMNS = `p.id, p.brand_key, b.name AS brand, p.name, p.category, p.price::text AS price, p.currency,
  p.finish, p.coverage, p.tags`;
const SHADE_COLUMNS = 's.id, s.product_id, s.name, s.hex, s.l, s.a, s.b, s.undertone, s.depth, s.in_stock';

export function createCatalogStore(pool: Pool): CatalogStore {
  const shadesOf = async (productIds: string[]): Promise<Map<string, CatalogShade[]>> => {
    const byProduct = new Map<string, CatalogShade[]>(productIds.map((id) => [id, []]));
    if (productIds.length === 0) return byProduct;
    const { rows } = await pool.query<ShadeRow>(
      `SELECT ${SHADE_COLUMNS} FROM shades s WHERE s.product_id = ANY($1::uuid[]) ORDER BY s.l DESC, s.name`,
      [productIds],
    );
    for (const row of rows) byProduct.get(row.product_id)?.push(shadeOf(row));
    return byProduct;
  };

  return {
    listProducts: async (filter, pageSize, after) => {
      const { sql, params } = listingQuery(filter, pageSize + 1, after);
      const { rows } = await pool.query<ProductRow>(sql, params);
      const page = rows.slice(0, pageSize);
      const shades = await shadesOf(page.map((row) => row.id));
      const last = page.at(-1);
      return {
        products: page.map((row) => productOf(row, shades.get(row.id) ?? [])),
        next: rows.length > pageSize && last ? { brandKey: last.brand_key, name: last.name, id: last.id } : undefined,
      };
    },

    getProduct: async (id) => {
      const { rows } = await pool.query<ProductRow>(
        `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN brands b ON b.key = p.brand_key WHERE p.id = $1`,
        [id],
      );
      const row = rows[0];
      if (!row) return undefined;
      return productOf(row, (await shadesOf([row.id])).get(row.id) ?? []);
    },

    loadShades: () =>
      // One snapshot for the version and the rows, so the index is exactly that version.
      inTransaction(
        pool,
        async (client) => {
          const version = await client.query<{ version: string }>('SELECT version FROM catalog_version');
          const { rows } = await client.query<ShadeRow & { brand: string; product_name: string; category: Category; price: string; currency: string }>(
            `SELECT ${SHADE_COLUMNS}, b.name AS brand, p.name AS product_name, p.category, p.price::text AS price, p.currency
             FROM shades s JOIN products p ON p.id = s.product_id JOIN brands b ON b.key = p.brand_key`,
          );
          return {
            version: Number(version.rows[0]?.version ?? 0),
            shades: rows.map((row) => ({
              shade: shadeOf(row),
              productId: row.product_id,
              brand: row.brand,
              productName: row.product_name,
              category: row.category,
              price: { amount: row.price, currency: row.currency },
            })),
          };
        },
        { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' },
      ),

    version: async () => {
      const { rows } = await pool.query<{ version: string }>('SELECT version FROM catalog_version');
      return Number(rows[0]?.version ?? 0);
    },

    isEmpty: async () => {
      const { rows } = await pool.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM products) AS empty');
      return rows[0]?.empty ?? true;
    },
  };
}

/** The listing SQL: filters, then keyset pagination in (brand, name, id) order, which the indexes serve. */
export function listingQuery(filter: ProductFilter, limit: number, after: ProductCursor | undefined): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const conditions: string[] = [];
  if (filter.category) conditions.push(`p.category = ${bind(filter.category)}`);
  if (filter.brandKey) conditions.push(`p.brand_key = ${bind(filter.brandKey)}`);
  if (filter.minPrice) conditions.push(`p.currency = ${bind(filter.minPrice.currency)} AND p.price >= ${bind(filter.minPrice.amount)}::numeric`);
  if (filter.maxPrice) conditions.push(`p.currency = ${bind(filter.maxPrice.currency)} AND p.price <= ${bind(filter.maxPrice.amount)}::numeric`);
  if (filter.undertone) {
    conditions.push(`EXISTS (SELECT 1 FROM shades s WHERE s.product_id = p.id AND s.undertone = ${bind(filter.undertone)})`);
  }
  if (filter.inStockOnly) conditions.push('EXISTS (SELECT 1 FROM shades s WHERE s.product_id = p.id AND s.in_stock)');
  if (filter.words) {
    conditions.push(filter.words.length > 0 ? `p.search @@ to_tsquery('simple', ${bind(filter.words.map((word) => `${word}:*`).join(' & '))})` : 'FALSE');
  }
  if (after) conditions.push(`(p.brand_key, p.name, p.id) > (${bind(after.brandKey)}, ${bind(after.name)}, ${bind(after.id)}::uuid)`);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return {
    sql: `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN brands b ON b.key = p.brand_key ${where}
          ORDER BY p.brand_key, p.name, p.id LIMIT ${bind(limit)}`,
    params,
  };
}

function productOf(row: ProductRow, shades: CatalogShade[]): CatalogProduct {
  return {
    id: row.id,
    brand: row.brand,
    name: row.name,
    category: row.category,
    price: { amount: row.price, currency: row.currency },
    finish: row.finish ?? undefined,
    coverage: row.coverage ?? undefined,
    tags: row.tags,
    shades,
  };
}

function shadeOf(row: ShadeRow): CatalogShade {
  return {
    id: row.id,
    name: row.name,
    hex: row.hex,
    lab: { l: row.l, a: row.a, b: row.b },
    undertone: row.undertone ?? undefined,
    depth: row.depth ?? undefined,
    inStock: row.in_stock,
  };
}
