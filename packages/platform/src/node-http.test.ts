// node:http through require: an ES import of it would load undici (fetch's client) into every thread.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { nodeHttp } from './node-http.ts';
import { builtinsLoadedBy } from './testing.ts';

describe('nodeHttp', () => {
  it('is node:http itself', () => {
    assert.equal(nodeHttp, createRequire(import.meta.url)('node:http'));
  });

  it('serves the side port without loading undici into the thread', async () => {
    const loaded = await builtinsLoadedBy([new URL('./index.ts', import.meta.url), new URL('./side-server.ts', import.meta.url)]);
    assert.ok(loaded.includes('NativeModule http'), 'node:http is loaded');
    assert.deepEqual(loaded.filter((name) => name.includes('undici')), []);
  });
});
