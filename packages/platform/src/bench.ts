// Helpers for the benchmarks (`npm run bench:*`), kept out of the package index.

/** The nearest-rank percentile of `samples` (fraction 0.5 is the median, 0.95 the p95); NaN when empty. */
export function percentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

export { startOtlpSink, type OtlpSink } from './otlp-sink.ts';
// A benchmark that measures tracing starts the SDK as the preload does, in its own process.
export { startTelemetry } from './telemetry/start-telemetry.ts';
