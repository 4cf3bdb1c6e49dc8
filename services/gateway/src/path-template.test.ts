import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSegment, parsePathTemplate, variableValue } from './path-template.ts';

describe('parsePathTemplate', () => {
  it('reads literals, wildcards and a simple variable', () => {
    const template = parsePathTemplate('/v1/subjects/{subject_id}/analyses');
    assert.deepEqual(template.segments, [
      { kind: 'literal', value: 'v1' },
      { kind: 'literal', value: 'subjects' },
      { kind: 'wildcard' },
      { kind: 'literal', value: 'analyses' },
    ]);
    assert.equal(template.verb, '');
    assert.deepEqual(template.variables, [{ fieldPath: ['subject_id'], start: 2, end: 3, pattern: '*' }]);
  });

  it('reads a variable with a multi-segment pattern and a nested field path', () => {
    const template = parsePathTemplate('/v1/{book.name=shelves/*/books/*}');
    assert.equal(template.segments.length, 5);
    assert.deepEqual(template.variables, [{ fieldPath: ['book', 'name'], start: 1, end: 5, pattern: 'shelves/*/books/*' }]);
  });

  it('reads "**" as the last segment, open-ended', () => {
    const template = parsePathTemplate('/v1/files/{path=**}');
    assert.deepEqual(template.segments.at(-1), { kind: 'deep' });
    assert.deepEqual(template.variables[0], { fieldPath: ['path'], start: 2, end: undefined, pattern: '**' });
    assert.deepEqual(parsePathTemplate('/v1/**').segments.at(-1), { kind: 'deep' });
  });

  it('splits the verb off after the last variable', () => {
    assert.equal(parsePathTemplate('/v1/{name=shelves/*/books/*}:move').verb, 'move');
    assert.equal(parsePathTemplate('/v1/subjects/{subject_id}/recommendations:watch').verb, 'watch');
    assert.equal(parsePathTemplate('/v1/shelves:search').verb, 'search');
    assert.equal(parsePathTemplate('/v1/files/{path=**}:download').verb, 'download');
  });

  it('refuses malformed templates with a message naming the template', () => {
    const cases: Array<[string, RegExp]> = [
      ['v1/x', /must start with "\/"/],
      ['/v1/{name', /not closed/],
      ['/v1/{name}x', /whole segments/],
      ['/v1/{na-me}', /not a field path/],
      ['/v1/**/x', /"\*\*" may only be the last segment/],
      ['/v1//x', /empty segment/],
      ['/v1/x:', /verb/],
      ['/v1/{a}:v:w', /the verb after ":" must be one literal/],
      ['/v1/{a}/{a}', /bound twice/],
      ['/v1/{a=b=c}', /more than one "="/],
      ['/v1/{a={b}}', /literal/],
    ];
    for (const [source, problem] of cases) {
      assert.throws(() => parsePathTemplate(source), (error: Error) => {
        assert.match(error.message, new RegExp(`invalid path template "${source.replace(/[{}*]/g, '\\$&')}"`));
        assert.match(error.message, problem);
        return true;
      });
    }
  });
});

describe('variableValue', () => {
  it('decodes a one-segment variable completely, %2F included', () => {
    const [variable] = parsePathTemplate('/v1/subjects/{subject_id}').variables;
    assert.equal(variableValue(variable!, ['v1', 'subjects', 'a%2Fb%20c']), 'a/b c');
  });

  it('keeps %2F escaped in a multi-segment variable so it stays unlike a real slash', () => {
    const [variable] = parsePathTemplate('/v1/files/{path=**}').variables;
    assert.equal(variableValue(variable!, ['v1', 'files', 'a', 'b%2Fc', 'd%20e']), 'a/b%2Fc/d e');
    assert.equal(variableValue(variable!, ['v1', 'files', 'x%2fy']), 'x%2fy');
  });

  it('joins the segments of a pattern variable', () => {
    const [variable] = parsePathTemplate('/v1/{name=shelves/*}/books').variables;
    assert.equal(variableValue(variable!, ['v1', 'shelves', 's1', 'books']), 'shelves/s1');
  });

  it('throws on malformed percent-encoding', () => {
    assert.throws(() => decodeSegment('%E0%A4%A'), URIError);
  });
});
