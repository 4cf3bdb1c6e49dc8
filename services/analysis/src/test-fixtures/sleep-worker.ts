// A stand-in workload for the pool's own tests: blocks its thread for `ms` like an inference would.
import { parentPort, workerData } from 'node:worker_threads';
import type { TaskMessage, WorkerReply } from '../inference-pool.ts';

const port = parentPort!;
const post = (reply: WorkerReply) => port.postMessage(reply);
if ((workerData as { failStart?: boolean } | undefined)?.failStart) process.exit(1);
post({ type: 'ready', backend: 'test' });
port.on('message', ({ id, payload }: TaskMessage) => {
  const { ms, crash, fail } = payload as { ms: number; crash?: boolean; fail?: boolean };
  if (crash) process.exit(3);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  if (fail) post({ type: 'failure', id, code: 3, message: 'this file is a PDF, not a photo', reason: 'NOT_AN_IMAGE' });
  else post({ type: 'result', id, value: { slept: ms, thread: 'worker' } });
});
