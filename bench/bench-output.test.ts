import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastJsonLine } from './bench-output.ts';

describe('lastJsonLine', () => {
  it('takes the last line, after any progress, ignoring trailing blank lines', () => {
    assert.deepEqual(lastJsonLine('backend wasm, 2 workers\n{"not":"this"}\n{"p50_ms":12.5}\n\n'), { p50_ms: 12.5 });
  });

  it('refuses a last line that is not a JSON object, quoting it', () => {
    assert.throws(() => lastJsonLine('{"a":1}\ndone in 3 s\n'), /last line is not JSON: "done in 3 s"/);
    assert.throws(() => lastJsonLine('[1,2]'), /not a JSON object/);
    assert.throws(() => lastJsonLine(''), /not JSON/);
  });
});
