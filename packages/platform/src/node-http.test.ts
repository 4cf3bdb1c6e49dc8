// node:http through require: an ES import of it would load undici (fetch's client) into every thread.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modulesLoadedBy } from './testing.ts';

describe('nodeHttp', () => {
  it('serves the side port without loading undici into the thread', async () => {
    const { builtins: loaded } = await modulesLoadedBy([new URL('./index.ts', import.meta.url), new URL('./side-server.ts', import.meta.url)]);
    assert.ok(loaded.includes('NativeModule http'), 'node:http is loaded');
    assert.deepEqual(loaded.filter((name) => name.includes('undici')), []);
  });
});
