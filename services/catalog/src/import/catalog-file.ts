import { FileSyntaxError } from './file-syntax-error.ts';
import { parseCsv } from './parse-csv.ts';
import { parseJsonWithLines } from './parse-json-with-lines.ts';

/** Something wrong with an import file, where a person can find it. */
export interface ImportProblem {
  line: number;
  message: string;
}

/** A product as read from a file, not yet validated: its fields, its shades, and where each came from. */
export interface RawProduct {
  line: number;
  /** Where the product sits in a JSON file ("products[3]"); empty for CSV. */
  path: string;
  fields: Record<string, unknown>;
  shades: RawShade[];
}

export interface RawShade {
  line: number;
  fields: Record<string, unknown>;
}

export type CatalogFileFormat = 'csv' | 'json';

export type ReadResult = { products: RawProduct[]; problems: ImportProblem[] };

const PRODUCT_COLUMNS = ['external_id', 'brand', 'name', 'category', 'price', 'currency', 'finish', 'coverage', 'tags'] as const;
const SHADE_COLUMNS = ['shade_name', 'shade_hex', 'shade_l', 'shade_a', 'shade_b', 'shade_undertone', 'shade_depth', 'shade_monk', 'shade_in_stock'] as const;
const NUMBER_COLUMNS = new Set(['shade_l', 'shade_a', 'shade_b', 'shade_monk']);
const REQUIRED_COLUMNS = ['external_id', 'brand', 'name', 'category', 'price', 'currency', 'shade_name', 'shade_hex'];

/** The column (CSV) or property path (JSON) a person looks for, for a validation issue's path. */
export function fieldLabel(product: RawProduct, path: readonly PropertyKey[]): string {
  if (product.path !== '') {
    return `${product.path}${path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}`;
  }
  if (path[0] !== 'shades') return String(path[0] ?? '');
  const field = path[2] === 'lab' ? path[3] : path[2];
  return `shade_${String(field ?? 'name')}`;
}

export function readCatalogFile(text: string, format: CatalogFileFormat): ReadResult {
  try {
    return format === 'csv' ? readCsv(text) : readJson(text);
  } catch (error) {
    if (error instanceof FileSyntaxError) {
      return { products: [], problems: [{ line: error.line, message: error.message.replace(/^line \d+: /, '') }] };
    }
    throw error;
  }
}

/**
 * CSV: a header row, then one row per shade; the product columns repeat on each of its shades' rows
 * and must agree. Tags are separated by ";".
 */
function readCsv(text: string): ReadResult {
  const [header, ...rows] = parseCsv(text);
  if (!header) return { products: [], problems: [{ line: 1, message: 'the file is empty' }] };
  const columns = header.cells.map((cell) => cell.trim().toLowerCase());
  const known = new Set<string>([...PRODUCT_COLUMNS, ...SHADE_COLUMNS]);
  const problems: ImportProblem[] = [];
  for (const column of columns) if (!known.has(column)) problems.push({ line: header.line, message: `unknown column "${column}"; the columns are ${[...known].join(', ')}` });
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  for (const column of new Set(repeated)) problems.push({ line: header.line, message: `the column "${column}" appears more than once` });
  for (const column of REQUIRED_COLUMNS) if (!columns.includes(column)) problems.push({ line: header.line, message: `the column "${column}" is missing` });
  if (problems.length > 0) return { products: [], problems };

  const products = new Map<string, RawProduct & { rowFields: Map<string, { value: string; line: number }> }>();
  for (const row of rows) {
    if (row.cells.length !== columns.length) {
      problems.push({ line: row.line, message: `has ${row.cells.length} fields but the header has ${columns.length}` });
      continue;
    }
    const cells = new Map(columns.map((column, index) => [column, row.cells[index]!.trim()]));
    const key = cells.get('external_id') ?? '';
    let product = products.get(key);
    if (!product) {
      product = { line: row.line, path: '', fields: productFields(cells), shades: [], rowFields: new Map() };
      for (const column of PRODUCT_COLUMNS) product.rowFields.set(column, { value: cells.get(column) ?? '', line: row.line });
      products.set(key, product);
    } else {
      for (const column of PRODUCT_COLUMNS) {
        const first = product.rowFields.get(column);
        const value = cells.get(column) ?? '';
        if (first && first.value !== value) {
          problems.push({
            line: row.line,
            message: `${column} "${value}" differs from "${first.value}" on line ${first.line} for product "${key}"; every row of a product must repeat its product columns unchanged`,
          });
        }
      }
    }
    product.shades.push({ line: row.line, fields: shadeFields(cells) });
  }
  return { products: [...products.values()].map(({ rowFields: _rowFields, ...product }) => product), problems };
}

function productFields(cells: Map<string, string>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const column of PRODUCT_COLUMNS) {
    const cell = cells.get(column);
    if (cell === undefined || cell === '') continue;
    fields[column] = column === 'tags' ? cell.split(';').map((tag) => tag.trim()).filter((tag) => tag !== '') : cell;
  }
  return fields;
}

function shadeFields(cells: Map<string, string>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const lab: Record<string, unknown> = {};
  for (const column of SHADE_COLUMNS) {
    const cell = cells.get(column);
    if (cell === undefined || cell === '') continue;
    const key = column.slice('shade_'.length);
    const value = NUMBER_COLUMNS.has(column) ? numberOrText(cell) : column === 'shade_in_stock' ? booleanOrText(cell) : cell;
    if (key === 'l' || key === 'a' || key === 'b') lab[key] = value;
    else fields[key] = value;
  }
  if (Object.keys(lab).length > 0) fields['lab'] = lab;
  return fields;
}

// A decimal as people write it in a spreadsheet: Number() alone also reads "0x32" as 50 and "" as 0.
const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function numberOrText(cell: string): unknown {
  const trimmed = cell.trim();
  return decimal.test(trimmed) ? Number(trimmed) : cell;
}

function booleanOrText(cell: string): unknown {
  const lower = cell.toLowerCase();
  if (['true', 'yes', '1', 'y'].includes(lower)) return true;
  if (['false', 'no', '0', 'n'].includes(lower)) return false;
  return cell;
}

/** JSON: `{ "products": [ { …, "shades": [ { … } ] } ] }` or the array alone. */
function readJson(text: string): ReadResult {
  const { value, lineOf } = parseJsonWithLines(text);
  const list = Array.isArray(value) ? value : isObject(value) ? value['products'] : undefined;
  if (!Array.isArray(list)) {
    return { products: [], problems: [{ line: 1, message: 'expected an array of products, or an object with a "products" array' }] };
  }
  const problems: ImportProblem[] = [];
  const products: RawProduct[] = [];
  for (const [index, item] of list.entries()) {
    const line = (isObject(item) || Array.isArray(item) ? lineOf(item) : undefined) ?? lineOf(list) ?? 1;
    if (!isObject(item)) {
      problems.push({ line, message: `products[${index}] must be an object` });
      continue;
    }
    const { shades, ...fields } = item;
    const rawShades: RawShade[] = [];
    if (Array.isArray(shades)) {
      for (const [shadeIndex, shade] of shades.entries()) {
        if (isObject(shade)) rawShades.push({ line: lineOf(shade) ?? line, fields: shade });
        else problems.push({ line: lineOf(shades) ?? line, message: `products[${index}].shades[${shadeIndex}] must be an object` });
      }
    } else if (shades !== undefined) {
      problems.push({ line, message: `products[${index}].shades must be an array` });
    }
    products.push({ line, path: `products[${index}]`, fields, shades: rawShades });
  }
  return { products, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
