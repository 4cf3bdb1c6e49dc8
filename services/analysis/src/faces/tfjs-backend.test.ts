import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Code } from '@shine/platform';
import { selectTfBackend } from './tfjs-backend.ts';

describe('selectTfBackend', () => {
  it('falls back to WASM when tfjs-node is not installed', async () => {
    assert.equal(await selectTfBackend(), 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
  });

  it("refuses the pure-JavaScript 'cpu' backend", async () => {
    await assert.rejects(selectTfBackend({ backend: 'cpu' }), { code: Code.FAILED_PRECONDITION, reason: 'CPU_BACKEND_REFUSED' });
  });

  it('says so when tfjs-node is required but missing', async () => {
    await assert.rejects(selectTfBackend({ backend: 'tensorflow' }), { code: Code.FAILED_PRECONDITION, reason: 'NATIVE_BACKEND_MISSING' });
  });

  it('rejects a backend name it does not know', async () => {
    await assert.rejects(selectTfBackend({ backend: 'webgl' }), { code: Code.INVALID_ARGUMENT, reason: 'UNKNOWN_BACKEND' });
  });
});
