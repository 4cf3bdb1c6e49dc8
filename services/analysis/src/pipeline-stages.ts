/** The pipeline's stages, as trace spans (and any per-stage timing) name them. */
export type PipelineStage = 'decode' | 'detect' | 'landmarks' | 'measure';

/** When one stage ran, in milliseconds since the epoch: plain data, so it crosses the worker-thread boundary. */
export interface StageTiming {
  readonly stage: PipelineStage;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Times the stages of one photo where they run (a worker thread, which has no tracer), so the
 * main thread can show them as spans of the call that asked for the analysis.
 */
export class StageClock {
  readonly timings: StageTiming[] = [];

  async time<Result>(stage: PipelineStage, work: () => Promise<Result> | Result): Promise<Result> {
    const startMs = epochMs();
    try {
      return await work();
    } finally {
      this.timings.push({ stage, startMs, endMs: epochMs() });
    }
  }
}

/** Wall-clock time with sub-millisecond precision, comparable between threads. */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
