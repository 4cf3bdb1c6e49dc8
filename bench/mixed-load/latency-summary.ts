import { percentile } from '@shine/platform/bench';
import type { Sample } from './open-loop.ts';

export interface KindSummary {
  readonly requests: number;
  readonly errors: number;
  readonly p50_ms: number;
  readonly p95_ms: number;
  readonly p99_ms: number;
}

export interface RunSummary {
  /** Requests offered per second (the arrival rate asked for). */
  readonly offered_rps: number;
  /** Answers that were 2xx, per second of the measured window. */
  readonly throughput_rps: number;
  readonly requests: number;
  /** Share of requests not answered 2xx (0-1). */
  readonly error_rate: number;
  /** Statuses other than 2xx and how often ("0" is no answer at all). */
  readonly error_statuses: Readonly<Record<string, number>>;
  readonly p95_ms: number;
  readonly kinds: Readonly<Record<string, KindSummary>>;
  /** The load generator's own worst lateness sending: large values mean its figures are suspect. */
  readonly max_send_lag_ms: number;
}

const succeeded = (sample: Sample) => sample.status >= 200 && sample.status < 300;
const round = (value: number) => Math.round(value * 10) / 10;

/** Latency percentiles over every answer (failed ones too: a fast error is no success to hide). */
function summariseKind(samples: readonly Sample[]): KindSummary {
  const latencies = samples.map((sample) => sample.latencyMs);
  return {
    requests: samples.length,
    errors: samples.filter((sample) => !succeeded(sample)).length,
    p50_ms: round(percentile(latencies, 0.5)),
    p95_ms: round(percentile(latencies, 0.95)),
    p99_ms: round(percentile(latencies, 0.99)),
  };
}

/** The figures of one run at `offeredRate` whose requests were sent over `windowSeconds`. */
export function summariseRun(samples: readonly Sample[], offeredRate: number, windowSeconds: number): RunSummary {
  const byKind = new Map<string, Sample[]>();
  const errorStatuses: Record<string, number> = {};
  for (const sample of samples) {
    const ofKind = byKind.get(sample.kind) ?? [];
    ofKind.push(sample);
    byKind.set(sample.kind, ofKind);
    if (!succeeded(sample)) errorStatuses[String(sample.status)] = (errorStatuses[String(sample.status)] ?? 0) + 1;
  }
  const failed = Object.values(errorStatuses).reduce((sum, count) => sum + count, 0);
  return {
    offered_rps: offeredRate,
    throughput_rps: round((samples.length - failed) / windowSeconds),
    requests: samples.length,
    error_rate: samples.length === 0 ? 0 : failed / samples.length,
    error_statuses: errorStatuses,
    p95_ms: round(percentile(samples.map((sample) => sample.latencyMs), 0.95)),
    kinds: Object.fromEntries([...byKind].sort(([left], [right]) => left.localeCompare(right)).map(([kind, kindSamples]) => [kind, summariseKind(kindSamples)])),
    max_send_lag_ms: round(samples.reduce((worst, sample) => Math.max(worst, sample.sendLagMs), 0)),
  };
}
