import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundedMessage, MAX_ERROR_MESSAGE_CHARACTERS, quoteInput } from './quote-input.ts';

describe('quoteInput', () => {
  it('quotes short text whole, markup and control characters as data', () => {
    assert.equal(quoteInput('abc'), '"abc"');
    assert.equal(quoteInput('<script>\n'), '"<script>\\n"');
  });

  it('quotes what is not a string without failing (a form part with no name)', () => {
    assert.equal(quoteInput(undefined), '""');
  });

  it('shows only the start of long text, with its length', () => {
    const quoted = quoteInput('a'.repeat(10_000));
    assert.equal(quoted, `"${'a'.repeat(64)}"… (10000 characters)`);
  });
});

describe('boundedMessage', () => {
  it('keeps a message within the limit as it is and cuts a longer one', () => {
    assert.equal(boundedMessage('short'), 'short');
    const cut = boundedMessage('x'.repeat(5000));
    assert.equal(cut.length, MAX_ERROR_MESSAGE_CHARACTERS);
    assert.ok(cut.endsWith('…'));
  });
});
