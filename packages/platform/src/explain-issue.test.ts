import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { explainIssue } from './explain-issue.ts';

const explain = (schema: z.ZodType, value: unknown, formatValue?: (value: unknown) => string) => {
  const result = schema.safeParse(value);
  assert.ok(!result.success, 'the value was meant to be refused');
  return explainIssue(result.error.issues[0]!, formatValue);
};

describe('explainIssue', () => {
  it("says what a refused value must be, in a sentence that starts with the field's name", () => {
    assert.equal(explain(z.number(), 'five'), 'must be a number');
    assert.equal(explain(z.enum(['warm', 'cool']), 'olive'), 'must be one of "warm", "cool"');
    assert.equal(explain(z.enum(['warm', 'cool']), 'olive', String), 'must be one of warm, cool');
    assert.equal(explain(z.number().max(10), 11), 'must be at most 10');
    assert.equal(explain(z.string().min(32), 'short'), 'must be at least 32 characters');
    assert.equal(explain(z.array(z.string()).max(1), ['a', 'b']), 'must be at most 1 items');
    assert.equal(explain(z.url(), 'not a url'), 'must be a valid url');
  });

  it("keeps a schema's own words as they are", () => {
    assert.equal(explain(z.string().min(1, 'must not be empty'), ''), 'must not be empty');
    assert.equal(explain(z.string().refine((text) => text.includes('='), 'must be Method=milliseconds pairs'), 'x'), 'must be Method=milliseconds pairs');
  });
});
