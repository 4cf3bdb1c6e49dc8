import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newRequestId } from './request-ids.ts';

test('request ids are random version-4 UUIDs, each new, across many batches', () => {
  const seen = new Set<string>();
  for (let index = 0; index < 1_000; index++) {
    const id = newRequestId();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 1_000);
});
