// What a gateway thread loads: node:http without undici (fetch's client, ~2.5 MB of heap a thread),
// which an ES import of node:http anywhere in the thread's modules would pull in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinsLoadedBy } from '@shine/platform/testing';

describe('a gateway thread', () => {
  it('serves HTTP without loading undici', async () => {
    const loaded = await builtinsLoadedBy([new URL('./gateway-server.ts', import.meta.url), new URL('./gateway-threads.ts', import.meta.url)]);
    assert.ok(loaded.includes('NativeModule http'), 'node:http is loaded');
    assert.deepEqual(loaded.filter((name) => name.includes('undici')), []);
  });
});
