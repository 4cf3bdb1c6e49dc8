import { setFlagsFromString } from 'node:v8';
import { Worker, type Transferable } from 'node:worker_threads';
import { Code, ShineError } from '@shine/platform';

/** Messages between the pool and its workers. */
export type WorkerReply =
  | { type: 'ready'; backend: string }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'failure'; id: number; code: Code; message: string; reason?: string; stack?: string };

/** What the pool sends a worker: a task, or word that the caller of a running task gave up. */
export type TaskMessage = { type: 'task'; id: number; payload: unknown } | { type: 'cancel'; id: number };

export interface InferencePoolOptions {
  /** Module run by each worker; it posts `ready` once warm, then answers each TaskMessage. */
  workerUrl: URL;
  workerData?: unknown;
  /** Workers, i.e. tasks running at once; one per vCPU by default in the service config. */
  size: number;
  /** Tasks allowed to wait for a worker; beyond that calls fail fast with RESOURCE_EXHAUSTED. */
  queueLimit: number;
  /** Told when a worker dies unexpectedly (it is replaced). */
  onWorkerExit?: (error: Error) => void;
  /** First pause before restarting a worker that could not start; it doubles each time. Default 100 ms. */
  restartDelayMs?: number;
  /**
   * The heap size below which a worker never runs a full mark-compact, in MiB. Default 128.
   *
   * A worker allocates little JavaScript but megabytes of pixel buffers (off-heap, freed only when
   * a GC finds their small owners dead). V8 sizes the old generation's limit from its ~12 MiB of
   * live objects and, seeing so little JavaScript allocated, leaves under the young generation's
   * capacity in headroom, so it starts incremental marking after nearly every photo: 180 full
   * GCs in one benchmark run, ~15% of a worker's CPU. With a floor, scavenges free the buffers and
   * full GCs become rare (8 in the same run). Worker options cannot say this, so it is a V8 flag,
   * read by each isolate as it is created: it applies to workers spawned after it is set and
   * leaves the running main thread alone.
   */
  oldGenerationFloorMb?: number;
  /** Each worker's young generation, in MiB. Default 12 (4 MiB semi-spaces): frequent, cheap scavenges free dead pixel buffers soon. */
  youngGenerationMb?: number;
}

interface Task {
  id: number;
  payload: unknown;
  transfer: readonly Transferable[];
  signal: AbortSignal | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
  ready: Promise<string>;
  isReady: boolean;
}

/** A worker that dies before it is ready this many times in a row means the models cannot load: stop retrying. */
const MAX_FAILED_STARTS = 5;

/**
 * Runs CPU-heavy work (decoding, inference, measurement) on worker threads, so the event loop stays
 * free for health checks and other calls. Concurrency is bounded by the number of workers and the
 * queue is short: when it is full a call is refused at once instead of waiting without end.
 */
export class InferencePool {
  readonly #options: InferencePoolOptions;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;
  #failedStarts = 0;
  #gaveUp = false;

  constructor(options: InferencePoolOptions) {
    if (options.size < 1) throw new Error('an inference pool needs at least one worker');
    this.#options = options;
    setFlagsFromString(`--initial-old-space-size=${options.oldGenerationFloorMb ?? 128}`);
    for (let index = 0; index < options.size; index++) this.#slots.push(this.#spawn());
  }

  /** Resolves with the backend name once every worker has loaded its models and warmed up. */
  async ready(): Promise<string> {
    const backends = await Promise.all(this.#slots.map((slot) => slot.ready));
    return backends[0] ?? 'unknown';
  }

  get running(): number {
    return this.#slots.filter((slot) => slot.task).length;
  }

  get queued(): number {
    return this.#queue.length;
  }

  run<Result>(payload: unknown, options: { signal?: AbortSignal; transfer?: readonly Transferable[] } = {}): Promise<Result> {
    if (this.#closed) return Promise.reject(new ShineError(Code.UNAVAILABLE, 'the analysis service is shutting down'));
    if (options.signal?.aborted) return Promise.reject(ShineError.from(options.signal.reason));
    if (this.#gaveUp && this.#slots.length === 0) return Promise.reject(unavailableModels());
    const idle = this.#slots.find((slot) => slot.isReady && !slot.task);
    if (!idle && this.#queue.length >= this.#options.queueLimit) {
      return Promise.reject(
        new ShineError(
          Code.RESOURCE_EXHAUSTED,
          `the analysis service is busy (${this.running} photos in progress, ${this.queued} waiting); try again in a moment`,
          { reason: 'BUSY' },
        ),
      );
    }
    return new Promise<Result>((resolve, reject) => {
      const task: Task = {
        id: this.#nextId++,
        payload,
        transfer: options.transfer ?? [],
        signal: options.signal,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      if (idle) this.#start(idle, task);
      else this.#enqueue(task);
    });
  }

  /** Stops the workers; queued tasks fail with UNAVAILABLE, running ones are cut. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.reject(new ShineError(Code.UNAVAILABLE, 'the analysis service is shutting down'));
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #enqueue(task: Task): void {
    // A caller that gives up while waiting leaves the queue at once.
    task.onAbort = () => {
      const index = this.#queue.indexOf(task);
      if (index >= 0) this.#queue.splice(index, 1);
      task.reject(ShineError.from(task.signal?.reason));
    };
    task.signal?.addEventListener('abort', task.onAbort, { once: true });
    this.#queue.push(task);
  }

  #start(slot: Slot, task: Task): void {
    if (task.onAbort) task.signal?.removeEventListener('abort', task.onAbort);
    slot.task = task;
    // A caller that gives up while its photo is being analysed frees the worker at the next stage
    // (decode, detection, measurement) instead of holding it to the end.
    task.signal?.addEventListener('abort', () => {
      if (slot.task === task) slot.worker.postMessage({ type: 'cancel', id: task.id } satisfies TaskMessage);
    }, { once: true });
    const message: TaskMessage = { type: 'task', id: task.id, payload: task.payload };
    slot.worker.postMessage(message, task.transfer as Transferable[]);
  }

  #finish(slot: Slot): void {
    slot.task = undefined;
    if (this.#closed || !slot.isReady) return;
    const next = this.#queue.shift();
    if (next) this.#start(slot, next);
  }

  #spawn(): Slot {
    // Workers skip the telemetry preload (--import): spans are made on the main thread.
    const worker = new Worker(this.#options.workerUrl, {
      workerData: this.#options.workerData,
      execArgv: [],
      resourceLimits: { maxYoungGenerationSizeMb: this.#options.youngGenerationMb ?? 12 },
    });
    let markReady: (backend: string) => void = () => {};
    let failReady: (error: Error) => void = () => {};
    const slot: Slot = {
      worker,
      task: undefined,
      isReady: false,
      ready: new Promise<string>((resolve, reject) => {
        markReady = (backend) => {
          slot.isReady = true;
          this.#failedStarts = 0;
          resolve(backend);
          this.#finish(slot);
        };
        failReady = reject;
      }),
    };
    // Only the first workers' readiness is awaited (by `ready()`); a replacement's failure is handled on exit.
    slot.ready.catch(() => {});
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') return markReady(reply.backend);
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      if (reply.type === 'result') task.resolve(reply.value);
      else {
        // An unexpected failure's stack stays on the server as the cause; the client sees only the message.
        const cause = reply.stack === undefined ? undefined : Object.assign(new Error(reply.message), { stack: reply.stack });
        task.reject(new ShineError(reply.code, reply.message, { ...(reply.reason === undefined ? {} : { reason: reply.reason }), ...(cause ? { cause } : {}) }));
      }
      this.#finish(slot);
    });
    worker.on('error', (error) => failReady(error));
    worker.on('exit', (exitCode) => {
      if (this.#closed) {
        slot.task?.reject(new ShineError(Code.UNAVAILABLE, 'the analysis service is shutting down'));
        return;
      }
      const error = new Error(`an inference worker exited with code ${exitCode}${slot.isReady ? '' : ' before it was ready'}`);
      failReady(error);
      this.#options.onWorkerExit?.(error);
      slot.task?.reject(new ShineError(Code.INTERNAL, 'the analysis failed unexpectedly; please try again', { cause: error }));
      this.#slots.splice(this.#slots.indexOf(slot), 1);
      if (!slot.isReady) this.#failedStarts++;
      if (this.#failedStarts >= MAX_FAILED_STARTS) {
        this.#gaveUp = true;
        if (this.#slots.length === 0) for (const task of this.#queue.splice(0)) task.reject(unavailableModels());
        return;
      }
      // A worker that crashed on a photo is replaced at once; one that cannot start, with growing pauses.
      const delay = slot.isReady ? 0 : (this.#options.restartDelayMs ?? 100) * 2 ** this.#failedStarts;
      setTimeout(() => {
        if (!this.#closed) this.#slots.push(this.#spawn());
      }, delay).unref();
    });
    return slot;
  }
}

function unavailableModels(): ShineError {
  return new ShineError(Code.UNAVAILABLE, 'the analysis service cannot run its face models right now; please try again later', {
    reason: 'MODELS_UNAVAILABLE',
  });
}
