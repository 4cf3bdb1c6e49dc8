import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileSyntaxError } from './file-syntax-error.ts';
import { parseJsonWithLines } from './parse-json-with-lines.ts';

describe('parseJsonWithLines', () => {
  it('parses what JSON.parse parses, and knows the line of each object', () => {
    const text = '{\n  "products": [\n    { "name": "a\\"b", "n": -1.5e2 },\n\n    {"ok": true, "none": null, "list": []}\n  ]\n}\n';
    const { value, lineOf } = parseJsonWithLines(text);
    assert.deepEqual(value, JSON.parse(text));
    const products = (value as { products: object[] }).products;
    assert.equal(lineOf(value as object), 1);
    assert.equal(lineOf(products), 2);
    assert.equal(lineOf(products[0]!), 3);
    assert.equal(lineOf(products[1]!), 5);
  });

  it('reports a syntax error with its line', () => {
    assert.throws(
      () => parseJsonWithLines('[\n {"a": 1},\n {"b": 2,}\n]'),
      (error: unknown) => error instanceof FileSyntaxError && error.line === 3,
    );
    assert.throws(() => parseJsonWithLines('[1, 2] 3'), FileSyntaxError);
  });

  it('keeps a "__proto__" key as data', () => {
    const { value } = parseJsonWithLines('{"__proto__": {"polluted": true}}');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.deepEqual(Object.keys(value as object), ['__proto__']);
  });
});
