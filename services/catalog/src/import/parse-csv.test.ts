import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileSyntaxError } from './file-syntax-error.ts';
import { parseCsv } from './parse-csv.ts';

describe('parseCsv', () => {
  it('reads plain and quoted fields, with the line each record starts on', () => {
    const text = 'a,b,c\r\n1,"two, and ""three""",3\n\n"multi\nline",x,\n';
    assert.deepEqual(parseCsv(text), [
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', 'two, and "three"', '3'] },
      { line: 4, cells: ['multi\nline', 'x', ''] },
    ]);
  });

  it('ignores a byte-order mark and a missing final line break', () => {
    assert.deepEqual(parseCsv('\ufeffa,b\n1,2'), [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
  });

  it('names the line of a quote that is never closed', () => {
    assert.throws(() => parseCsv('a,b\n1,2\n3,"oops\n4,5\n'), (error: unknown) => error instanceof FileSyntaxError && error.line === 3);
  });
});
