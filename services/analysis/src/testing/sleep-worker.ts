// A stand-in workload for the pool's own tests: blocks its thread for `ms` like an inference would,
// or, when `stages` is set, works in that many short stages and stops between them once cancelled.
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { TaskMessage, WorkerReply } from '../workers/inference-pool.ts';

const port = parentPort!;
const post = (reply: WorkerReply) => port.postMessage(reply);
if ((workerData as { failStart?: boolean } | undefined)?.failStart) process.exit(1);
post({ type: 'ready', backend: 'test' });

const cancelled = new Set<number>();
port.on('message', async (message: TaskMessage) => {
  if (message.type === 'cancel') {
    cancelled.add(message.id);
    return;
  }
  const { id, payload } = message;
  const { ms, crash, fail, stages } = payload as { ms: number; crash?: boolean; fail?: boolean; stages?: number };
  if (crash) process.exit(3);
  for (let stage = 0; stage < (stages ?? 1); stage++) {
    if (cancelled.has(id)) {
      post({ type: 'failure', id, code: 1, message: 'the caller gave up before the analysis finished' });
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    if (stages) await sleep(0); // between stages the worker reads its messages, as the real one does between awaits
  }
  if (fail) post({ type: 'failure', id, code: 3, message: 'this file is a PDF, not a photo', reason: 'NOT_AN_IMAGE' });
  else post({ type: 'result', id, value: { slept: ms, thread: 'worker' } });
});
