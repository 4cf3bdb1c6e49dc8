// The inference worker: loads the face models once, warms them up, says `ready`, then analyses one
// photo per message. Runs in a worker thread so the service's event loop stays free.
import { parentPort, workerData } from 'node:worker_threads';
import { Code, ShineError } from '@shine/platform/errors';
import { analyzePhoto, type PhotoAnalysis } from '../analyze-photo.ts';
import { loadFaceModels } from '../faces/face-models.ts';
import { StageClock, type StageTiming } from '../pipeline-stages.ts';
import type { TaskMessage, WorkerReply } from './inference-pool.ts';

export interface AnalysisWorkerData {
  readonly maxPixels: number;
  /** 'auto' (tfjs-node when installed, else WASM), 'wasm' or 'tensorflow'. */
  readonly backend: string;
}

/** A worker's answer: the analysis, and when each of its stages ran (for the call's trace). */
export interface TimedPhotoAnalysis {
  readonly analysis: PhotoAnalysis;
  readonly stages: readonly StageTiming[];
}

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts runs as a worker thread');
const options = workerData as AnalysisWorkerData;
const post = (reply: WorkerReply) => port.postMessage(reply);

const models = await loadFaceModels({ backend: options.backend });
post({ type: 'ready', backend: models.backend });

const running = new Map<number, AbortController>();

port.on('message', (message: TaskMessage) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort(new ShineError(Code.CANCELLED, 'the caller gave up before the analysis finished'));
    return;
  }
  const { id, payload } = message;
  const controller = new AbortController();
  running.set(id, controller);
  const stages = new StageClock();
  analyzePhoto(models, payload as Uint8Array, { maxPixels: options.maxPixels, signal: controller.signal, stages })
    .then(
      (analysis) => post({ type: 'result', id, value: { analysis, stages: stages.timings } satisfies TimedPhotoAnalysis }),
      (error: unknown) => {
        if (error instanceof ShineError) {
          post({ type: 'failure', id, code: error.code, message: error.message, ...(error.reason ? { reason: error.reason } : {}) });
        } else {
          const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
          post({ type: 'failure', id, code: Code.INTERNAL, message: 'the analysis failed unexpectedly; please try again', stack });
        }
      },
    )
    .finally(() => running.delete(id));
});
