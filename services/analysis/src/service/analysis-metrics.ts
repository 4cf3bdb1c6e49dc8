import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the analysis service reports beyond the platform's gRPC metrics. */
export interface AnalysisMetrics {
  modelInfo: Gauge<'backend'>;
  modelLoadSeconds: Gauge;
  inProgress: Gauge;
  queued: Gauge;
  durationSeconds: Histogram<'outcome' | 'backend'>;
  /** The distribution of results, to watch for a drift or bias across the scale. */
  monkLevels: Counter<'monk'>;
  warnings: Counter<'code'>;
}

export function createAnalysisMetrics(registry: Registry, sample: { running: () => number; queued: () => number }): AnalysisMetrics {
  const registers = [registry];
  return {
    modelInfo: new Gauge({ name: 'shine_analysis_model_info', help: 'The inference backend in use (value 1).', labelNames: ['backend'], registers }),
    modelLoadSeconds: new Gauge({ name: 'shine_analysis_model_load_seconds', help: 'Model load plus warm-up time at start.', registers }),
    inProgress: new Gauge({
      name: 'shine_analysis_in_progress',
      help: 'Photos being analysed right now.',
      registers,
      collect() {
        this.set(sample.running());
      },
    }),
    queued: new Gauge({
      name: 'shine_analysis_queued',
      help: 'Photos waiting for an inference worker.',
      registers,
      collect() {
        this.set(sample.queued());
      },
    }),
    durationSeconds: new Histogram({
      name: 'shine_analysis_duration_seconds',
      help: 'Time to analyse one photo, queueing included.',
      labelNames: ['outcome', 'backend'],
      buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    monkLevels: new Counter({ name: 'shine_analysis_monk_level_total', help: 'Analyses by Monk level.', labelNames: ['monk'], registers }),
    warnings: new Counter({ name: 'shine_analysis_warnings_total', help: 'Quality warnings given, by code.', labelNames: ['code'], registers }),
  };
}
