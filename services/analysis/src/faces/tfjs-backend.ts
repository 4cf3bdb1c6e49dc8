import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { Code, ShineError } from '@shine/platform/errors';

/** The TensorFlow.js backends Shine runs on: native libtensorflow, else WebAssembly. */
export type TfBackendName = 'tensorflow' | 'wasm';

export interface TfBackendOptions {
  /** Which backend to use; 'auto' tries tfjs-node first, then WASM. 'cpu' is refused. */
  readonly backend?: string;
}

// A variable, so TypeScript does not look for a package that is not a dependency.
const nativePackage = '@tensorflow/tfjs-node';

/**
 * Makes tfjs-node (when it is installed) or else the WASM backend the active TensorFlow.js backend,
 * and returns its name. Never the pure-JavaScript 'cpu' backend: it is many times slower than WASM
 * and would silently blow the latency budget.
 */
export async function selectTfBackend(options: TfBackendOptions = {}): Promise<TfBackendName> {
  const wanted = options.backend ?? 'auto';
  if (wanted === 'cpu') {
    throw new ShineError(
      Code.FAILED_PRECONDITION,
      "the pure-JavaScript TensorFlow.js 'cpu' backend is too slow for analysis; use 'wasm' or install @tensorflow/tfjs-node",
      { reason: 'CPU_BACKEND_REFUSED' },
    );
  }
  if (wanted !== 'auto' && wanted !== 'tensorflow' && wanted !== 'wasm') {
    throw new ShineError(Code.INVALID_ARGUMENT, `unknown TensorFlow.js backend '${wanted}'; use 'auto', 'tensorflow' or 'wasm'`, {
      reason: 'UNKNOWN_BACKEND',
    });
  }
  if (wanted !== 'wasm' && (await tryNativeBackend())) return 'tensorflow';
  if (wanted === 'tensorflow') {
    throw new ShineError(Code.FAILED_PRECONDITION, '@tensorflow/tfjs-node was asked for but cannot be loaded here', {
      reason: 'NATIVE_BACKEND_MISSING',
    });
  }
  await useWasmBackend();
  return 'wasm';
}

/** True when tfjs-node loaded and registered itself with the same tfjs-core this service uses. */
async function tryNativeBackend(): Promise<boolean> {
  try {
    await import(nativePackage);
  } catch {
    // Not installed (the usual case: its install script downloads libtensorflow) or its native
    // library does not load on this machine; either way WASM is the answer.
    return false;
  }
  if (!tf.engine().backendNames().includes('tensorflow')) return false;
  return (await tf.setBackend('tensorflow')) && tf.getBackend() === 'tensorflow';
}

async function useWasmBackend(): Promise<void> {
  if (tf.engine().backendName === 'wasm') return;
  // Node cannot fetch the .wasm files over HTTP; point the loader at the package's dist folder.
  const distFolder = dirname(fileURLToPath(import.meta.resolve('@tensorflow/tfjs-backend-wasm')));
  setWasmPaths(`${distFolder}/`);
  const ready = await tf.setBackend('wasm');
  if (!ready || tf.getBackend() !== 'wasm') {
    throw new ShineError(Code.FAILED_PRECONDITION, 'the TensorFlow.js WASM backend failed to start', { reason: 'WASM_BACKEND_FAILED' });
  }
}
