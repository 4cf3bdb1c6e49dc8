// What a gateway thread loads: node:http without undici (fetch's client, ~2.5 MB of heap a thread),
// which an ES import of node:http anywhere in the thread's modules would pull in; and no zod (~3 MiB
// a thread), since the main thread parses the configuration and hands it over.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modulesLoadedBy } from '@shine/platform/testing';

describe('a gateway thread', () => {
  // What gateway-thread.ts imports (it cannot be imported itself outside a GatewayThreads worker).
  const threadModules = [new URL('./gateway-server.ts', import.meta.url), new URL('./gateway-threads.ts', import.meta.url)];

  it('serves HTTP without loading undici', async () => {
    const { builtins } = await modulesLoadedBy(threadModules);
    assert.ok(builtins.includes('NativeModule http'), 'node:http is loaded');
    assert.deepEqual(builtins.filter((name) => name.includes('undici')), []);
  });

  it('serves without a configuration parser', async () => {
    const { packages } = await modulesLoadedBy(threadModules);
    assert.ok(packages.includes('jose'), `the thread's own packages are seen (${packages.join(', ')})`);
    assert.ok(!packages.includes('zod'), `zod is loaded by: ${packages.join(', ')}`);
  });
});
