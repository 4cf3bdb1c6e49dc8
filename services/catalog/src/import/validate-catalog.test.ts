import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateCatalogFile } from './validate-catalog.ts';

const json = (products: unknown[]) => JSON.stringify({ products }, null, 2);

describe('validateCatalogFile', () => {
  it('derives CIELAB, undertone, depth and Monk level of skin shades from their colour', () => {
    const { records, problems } = validateCatalogFile(
      json([
        {
          external_id: 'f-1',
          brand: 'Oakhollow',
          name: 'Test Foundation',
          category: 'foundation',
          price: 32.5,
          currency: 'usd',
          tags: ['Vegan', 'vegan'],
          shades: [{ name: '300', hex: 'A07E56' }],
        },
        {
          external_id: 'l-1',
          brand: 'Oakhollow',
          name: 'Test Lipstick',
          category: 'lipstick',
          price: '18',
          currency: 'USD',
          shades: [{ name: 'Red', hex: '#b0202a', lab: { l: 40, a: 55, b: 35 }, undertone: 'warm', in_stock: false }],
        },
      ]),
      'json',
    );
    assert.deepEqual(problems, []);
    const [foundation, lipstick] = records;
    assert.deepEqual(foundation?.price, { amount: '32.5', currency: 'USD' });
    assert.deepEqual(foundation?.tags, ['vegan']);
    const shade = foundation?.shades[0];
    assert.equal(shade?.hex, '#a07e56');
    // The MST 6 display swatch (L* 55) is where MST 7 skin measures on the Monk skin scale.
    assert.equal(shade?.monkLevel, 7);
    assert.equal(shade?.depth, 'tan');
    assert.ok(shade?.undertone);
    assert.ok(Math.abs(shade!.lab.l - 55.1) < 0.1);
    const red = lipstick?.shades[0];
    assert.deepEqual(red?.lab, { l: 40, a: 55, b: 35 }, 'measured values win over the hex');
    assert.equal(red?.depth, undefined, 'no depth for a lipstick');
    assert.equal(red?.monkLevel, undefined);
    assert.equal(red?.inStock, false);
  });

  it('reports every problem of a JSON file with its line and path, and returns no records', () => {
    const text = json([
      { external_id: 'a', brand: 'B', name: 'N', category: 'foundation', price: '10', currency: 'EUR', shades: [{ name: 'x', hex: '#fff' }] },
      { external_id: 'a', brand: 'B', name: 'N', category: 'foundation', price: '10', currency: 'EUR', shades: [] },
      {
        external_id: 'c',
        brand: 'B',
        name: 'N',
        category: 'foundation',
        price: '10',
        currency: 'EUR',
        shades: [{ name: 'y', hex: '#ffffff', undertone: 'olive' }, { name: 'Y', hex: '#fefefe', monk: 11 }],
      },
    ]);
    const { records, problems } = validateCatalogFile(text, 'json');
    assert.deepEqual(records, []);
    // Each problem points at the line where its shade's or product's object opens.
    const opening = (line: number) => text.split('\n')[line - 1]?.trim();
    assert.deepEqual(problems, [
      { line: 11, message: 'products[0].shades[0].hex must be an sRGB colour written "#RRGGBB", got "#fff"' },
      { line: 17, message: 'external_id "a" was already used on line 3' },
      { line: 17, message: 'products[1]: a product needs at least one shade' },
      { line: 34, message: 'products[2].shades[0].undertone must be one of warm, neutral, cool, got "olive"' },
      { line: 39, message: 'products[2].shades[1].monk must be at most 10, got 11' },
    ]);
    for (const problem of problems) assert.equal(opening(problem.line), '{');
  });

  it('refuses a NUL in a name with its line, before the database sees it', () => {
    const text = json([{ external_id: 'a', brand: 'B', name: 'N\u0000ull', category: 'foundation', price: '10', currency: 'EUR', shades: [{ name: 'x', hex: '#ffeedd' }] }]);
    const { records, problems } = validateCatalogFile(text, 'json');
    assert.deepEqual(records, []);
    assert.deepEqual(problems.map((problem) => problem.message), ['products[0].name must not contain a NUL character (\\u0000), got "N\\u0000ull"']);
  });

  it('reads CSV numbers only as decimals, and names a column given twice', () => {
    const header = 'external_id,brand,name,category,price,currency,shade_name,shade_hex,shade_l,shade_a,shade_b';
    const hex = validateCatalogFile(`${header}\na,B,N,foundation,10,EUR,x,#a07e56,0x32,3,4\n`, 'csv');
    assert.deepEqual(hex.records, []);
    assert.match(hex.problems[0]?.message ?? '', /^shade_l must be a number/);
    const decimal = validateCatalogFile(`${header}\na,B,N,foundation,10,EUR,x,#a07e56, 55.5 ,3,4\n`, 'csv');
    assert.deepEqual(decimal.problems, []);
    assert.equal(decimal.records[0]?.shades[0]?.lab.l, 55.5);
    const twice = validateCatalogFile(`${header},shade_hex\na,B,N,foundation,10,EUR,x,#a07e56,50,3,4,#ffffff\n`, 'csv');
    assert.deepEqual(twice.problems, [{ line: 1, message: 'the column "shade_hex" appears more than once' }]);
  });
});
