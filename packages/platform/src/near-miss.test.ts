import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from 'node:util';
import { editDistance, explainArgsError, nearestWord } from './near-miss.ts';

describe('near misses', () => {
  it('counts the letters between two words', () => {
    assert.equal(editDistance('palettes', 'palettes'), 0);
    assert.equal(editDistance('palette', 'palettes'), 1);
    assert.equal(editDistance('josn', 'json'), 2);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('names the nearest word within two letters, and nothing further off', () => {
    assert.equal(nearestWord('bakend', ['json', 'backend', 'help']), 'backend');
    assert.equal(nearestWord('magazines', ['books', 'shelves']), undefined);
    assert.equal(nearestWord('json', ['json']), undefined, 'the word itself is no near miss');
  });

  it("turns parseArgs' unknown option into the option meant", () => {
    const options = { json: { type: 'boolean' }, backend: { type: 'string' } } as const;
    const errorOf = (args: string[]) => {
      try {
        parseArgs({ args, options, allowPositionals: true });
      } catch (error) {
        return error;
      }
      assert.fail('parsed');
    };
    assert.equal(explainArgsError(errorOf(['--josn']), Object.keys(options)), 'unknown option --josn: did you mean --json?');
    assert.equal(explainArgsError(errorOf(['--colour']), Object.keys(options)), 'unknown option --colour');
    assert.equal(explainArgsError(errorOf(["--it's"]), Object.keys(options)), "unknown option --it's", 'a quote in the option');
    assert.match(explainArgsError(errorOf(['--backend']), Object.keys(options)), /argument missing/);
  });
});
