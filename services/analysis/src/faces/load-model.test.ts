import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Code } from '@shine/platform';
import { humanModelPath, loadGraphModelFromDisk } from './load-model.ts';
import { selectTfBackend } from './tfjs-backend.ts';

describe('loadGraphModelFromDisk', () => {
  before(() => selectTfBackend());

  it('loads a model and its weight shards from the human-models package and runs it', async () => {
    const model = await loadGraphModelFromDisk(humanModelPath('blazeface-front'));
    try {
      assert.deepEqual(model.inputs[0]?.shape, [1, 128, 128, 3]);
      const input = tf.zeros([1, 128, 128, 3]);
      const outputs = model.execute(input) as tf.Tensor[];
      assert.equal(outputs.length, 4);
      tf.dispose([input, ...outputs]);
    } finally {
      model.dispose();
    }
  });

  it('fails with FAILED_PRECONDITION, naming the file, when a model is missing', async () => {
    await assert.rejects(loadGraphModelFromDisk('/nonexistent/facemesh.json'), {
      code: Code.FAILED_PRECONDITION,
      reason: 'MODEL_MISSING',
      message: /\/nonexistent\/facemesh\.json/,
    });
  });

  it('refuses weight paths that leave the model folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'shine-model-'));
    try {
      const modelJson = { modelTopology: {}, weightsManifest: [{ paths: ['../../etc/passwd'], weights: [] }], format: 'graph-model' };
      await writeFile(join(folder, 'model.json'), JSON.stringify(modelJson));
      await assert.rejects(loadGraphModelFromDisk(join(folder, 'model.json')), { code: Code.FAILED_PRECONDITION, reason: 'MODEL_INVALID' });
    } finally {
      await rm(folder, { recursive: true });
    }
  });
});
