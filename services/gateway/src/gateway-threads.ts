import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '@shine/platform';
import type { GatewayConfig } from './config.ts';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry } from 'prom-client';
import type { SharePort } from './public-server.ts';

/** What a gateway thread is started with (structured-cloned into it). */
export interface ThreadData {
  /** The configuration the main thread parsed, so a thread never reads the environment. */
  config: GatewayConfig;
  /** The public port; every thread binds it with SO_REUSEPORT. */
  port: number;
  /** The first thread claims the port (checking nobody else holds it), the others join it. */
  sharePort: SharePort;
  rateLimitBuffer: SharedArrayBuffer | undefined;
}

/** What the first thread to listen reports: the port it bound (0 picks one), its routes and upstreams. */
export interface Listening {
  port: number;
  routes: number;
  upstreams: Record<string, string>;
}

type ThreadMetrics = MetricObjectWithValues<MetricValue<string>>[];
export type ToThread = { kind: 'metrics'; id: number } | { kind: 'close'; graceMs: number };
export type FromThread = ({ kind: 'ready' } & Listening) | { kind: 'metrics'; id: number; metrics: ThreadMetrics } | { kind: 'closed'; drained: boolean };

const gatewayThreadEntry = new URL('./gateway-thread.ts', import.meta.url);
const metricsTimeoutMs = 5_000;
const restartDelayMs = 1_000;

/**
 * Each thread's V8 heap, set here rather than left to V8, which sizes every isolate from the
 * machine's memory (on a 24 GiB machine: 4 GiB heaps, 64 MiB semi-spaces). Under load the young
 * generation grew to 128 MiB per thread and garbage piled up in an old generation tuned for a heap
 * that large: ~560 MiB for two threads. A 12 MiB young generation (4 MiB semi-spaces): once a
 * request's objects stopped outliving it (a closed upstream stream lets go of its call), a scavenge
 * finds little still alive, so smaller semi-spaces cost little. bench:gateway, interleaved runs on
 * one machine: 8 MiB semi-spaces 248-268 MiB RSS after the c=64 run at 43-46 us CPU per request; 4 MiB
 * 221-233 MiB at 44-47 us, throughput ratio unchanged (0.73-0.76 both); 2 MiB no smaller (222 MiB).
 * Full runs since the threads stopped loading zod (thread-modules.test.ts): 214-233 MiB.
 * The old generation holds the modules' code, routes and descriptors (~23 MiB live, 8 of it the
 * modules' source text) and the bodies in flight; 1 GiB leaves room for the largest (a 133 MiB
 * JSON upload at MAX_UPLOAD_BYTES' ceiling, parsed and decoded) a few times over. A thread that
 * still runs out is replaced, not the process.
 */
const threadHeap = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 1024 };

/**
 * Node's compile cache for the threads (unless the environment names one): it keeps each module's
 * type-stripped source and V8 code, so a thread loads the gateway's TypeScript without its own
 * copy of the type stripper (~20 MiB per thread) once the first thread (or an earlier start) has
 * filled it. An unwritable directory only turns the cache off.
 */
const threadEnv = { NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache'), ...process.env };

/**
 * The gateway's threads: each runs a gateway server on the same port (the kernel spreads
 * connections between them), so one process uses as many cores as GATEWAY_THREADS, as a Go or
 * Envoy gateway would. The main thread only supervises (side port, metrics, signals), so every
 * server runs in a heap sized for it (threadHeap). A thread that dies is replaced.
 */
export class GatewayThreads {
  #data: ThreadData;
  readonly #logger: Logger;
  readonly #entry: URL;
  readonly #workers = new Set<Worker>();
  /** Each live thread's metrics as last collected. */
  readonly #lastMetrics = new Map<Worker, ThreadMetrics>();
  /** What threads that died had counted by their last collection: kept, so the process's counters never go down. */
  readonly #retiredMetrics: ThreadMetrics[] = [];
  #closing = false;
  #nextRequest = 0;
  #listening: Listening | undefined;

  private constructor(data: ThreadData, logger: Logger, entry: URL) {
    this.#data = data;
    this.#logger = logger;
    this.#entry = entry;
  }

  /**
   * Starts `count` threads and resolves once each is listening: the first claims `data.port`, the
   * others join the port it bound. Rejects if one fails to start. `entry` is the thread's module
   * (tests give a stand-in).
   */
  static async start(count: number, data: Omit<ThreadData, 'sharePort'>, logger: Logger, entry: URL = gatewayThreadEntry): Promise<GatewayThreads> {
    const threads = new GatewayThreads({ ...data, sharePort: 'claim' }, logger, entry);
    try {
      await threads.#spawn();
      // Threads started from now on (the others, replacements) join the port the first bound.
      threads.#data = { ...data, port: threads.listening.port, sharePort: 'join' };
      await Promise.all(Array.from({ length: count - 1 }, () => threads.#spawn()));
    } catch (error) {
      await threads.close(0);
      throw error;
    }
    return threads;
  }

  get size(): number {
    return this.#workers.size;
  }

  /** What the first thread reported once listening. */
  get listening(): Listening {
    if (!this.#listening) throw new Error('no gateway thread has started yet');
    return this.#listening;
  }

  /**
   * Every thread's metrics, as prom-client JSON, for AggregatorRegistry.aggregate; with them what
   * threads that died had counted when last collected (a replacement starts from zero, and a
   * counter that went down would read as a reset).
   */
  async metrics(): Promise<ThreadMetrics[]> {
    // Each reply lands in #lastMetrics; a thread that dies meanwhile moves its snapshot to the
    // retired ones. Reading both after the replies counts every thread exactly once.
    await Promise.all([...this.#workers].map((worker) => this.#collect(worker)));
    // Threads that keep dying would pile up snapshots: past a few, they are summed into one.
    const retired = this.#retiredMetrics.length;
    if (retired > 8) {
      const summed = await AggregatorRegistry.aggregate(this.#retiredMetrics.slice(0, retired)).getMetricsAsJSON();
      this.#retiredMetrics.splice(0, retired, summed as ThreadMetrics);
    }
    return [...this.#lastMetrics.values(), ...this.#retiredMetrics];
  }

  /**
   * Lets each thread drain its requests within `graceMs`, then stops it; false when a thread had to
   * cut requests, or did not end in time.
   */
  async close(graceMs: number): Promise<boolean> {
    this.#closing = true;
    const drained = await Promise.all(
      [...this.#workers].map(async (worker) => {
        let threadDrained = false;
        worker.on('message', (message: FromThread) => {
          if (message.kind === 'closed') threadDrained = message.drained;
        });
        // Not events.once: that rejects when the thread fails on its way out, which is still an exit.
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.postMessage({ kind: 'close', graceMs } satisfies ToThread);
        // A thread stuck past its grace is not waited for; it ends with the process. It is not
        // terminate()d: stopped inside RateLimiter.take() it would hold the shared lock for good.
        let timer: NodeJS.Timeout | undefined;
        const inTime = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(resolve, graceMs + 1_000, false)))]);
        clearTimeout(timer);
        return inTime && threadDrained;
      }),
    );
    return drained.every(Boolean);
  }

  #spawn(): Promise<void> {
    const worker = new Worker(this.#entry, { workerData: this.#data, resourceLimits: threadHeap, env: threadEnv });
    this.#workers.add(worker);
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      let failure: Error | undefined;
      worker.on('message', (message: FromThread) => {
        if (message.kind === 'ready') {
          ready = true;
          this.#listening ??= { port: message.port, routes: message.routes, upstreams: message.upstreams };
          resolve();
        }
      });
      worker.on('error', (error) => {
        failure = error;
        this.#logger.error({ err: error, thread: worker.threadId }, 'a gateway thread failed');
      });
      worker.on('exit', (code) => {
        this.#workers.delete(worker);
        const last = this.#lastMetrics.get(worker);
        this.#lastMetrics.delete(worker);
        if (last) this.#retiredMetrics.push(last);
        if (!ready) {
          const why = failure ? `: ${failure.message}` : '';
          return reject(new Error(`a gateway thread stopped with code ${code} before it was listening${why}`, { cause: failure }));
        }
        if (this.#closing) return;
        this.#logger.error({ thread: worker.threadId, code }, 'a gateway thread stopped: starting another');
        this.#replaceLater();
      });
    });
  }

  /** Starts a thread in place of one that died, trying again (a second apart) until one starts. */
  #replaceLater(): void {
    setTimeout(() => {
      if (this.#closing) return;
      this.#spawn().catch((error: unknown) => {
        this.#logger.error({ err: error }, 'a replacement gateway thread failed to start: trying again');
        this.#replaceLater();
      });
    }, restartDelayMs).unref();
  }

  /** Asks a thread for its metrics into #lastMetrics; settles on its answer, its exit or after 5 s (its last answer stands). */
  #collect(worker: Worker): Promise<void> {
    const id = this.#nextRequest++;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', done);
        resolve();
      };
      const timer = setTimeout(done, metricsTimeoutMs);
      const onMessage = (message: FromThread) => {
        if (message.kind !== 'metrics' || message.id !== id) return;
        this.#lastMetrics.set(worker, message.metrics);
        done();
      };
      worker.on('message', onMessage);
      worker.once('exit', done);
      worker.postMessage({ kind: 'metrics', id } satisfies ToThread);
    });
  }
}

/**
 * One /metrics for the process: the main thread's registry (with the process metrics) and every
 * thread's HTTP metrics, summed. Metrics only the main thread has are taken as they are: prom-client's
 * aggregators would otherwise drop some of them (process_start_time_seconds is 'omit').
 */
export function processMetrics(main: Registry, threads: GatewayThreads): Pick<Registry, 'metrics' | 'contentType' | 'getMetricsAsJSON'> {
  const aggregate = async () => {
    const [own, others] = await Promise.all([main.getMetricsAsJSON(), threads.metrics()]);
    const fromThreads = new Set(others.flatMap((list) => list.map((metric) => metric.name)));
    const mainOnly = own.map((metric) => (fromThreads.has(metric.name) ? metric : { ...metric, aggregator: 'first' as const }));
    return AggregatorRegistry.aggregate([mainOnly, ...others]);
  };
  return {
    contentType: main.contentType,
    metrics: async () => (await aggregate()).metrics(),
    getMetricsAsJSON: async () => (await aggregate()).getMetricsAsJSON(),
  };
}
