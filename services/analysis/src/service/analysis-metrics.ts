import { analysisV1 } from '@shine/contracts';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TimedPhotoAnalysis } from '../workers/analysis-worker.ts';
import type { MeasuredAnalysis } from './server.ts';

/** What the analysis service reports beyond the platform's gRPC metrics. */
export interface AnalysisMetrics {
  modelInfo: Gauge<'backend'>;
  modelLoadSeconds: Gauge;
  inProgress: Gauge;
  queued: Gauge;
  durationSeconds: Histogram<'outcome' | 'backend'>;
  /** Each pipeline stage's time, so a slower p95 can be pinned on decoding, the models or measuring. */
  stageSeconds: Histogram<'stage' | 'backend'>;
  /** Photos refused at once because every worker was busy and the queue full (RESOURCE_EXHAUSTED). */
  shed: Counter;
  facesPerPhoto: Histogram;
  confidence: Histogram;
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
      buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    stageSeconds: new Histogram({
      name: 'shine_analysis_stage_duration_seconds',
      help: 'Time of one pipeline stage (decode, detect, landmarks, measure) for one photo.',
      labelNames: ['stage', 'backend'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    shed: new Counter({ name: 'shine_analysis_shed_total', help: 'Photos refused with RESOURCE_EXHAUSTED because the inference queue was full.', registers }),
    facesPerPhoto: new Histogram({
      name: 'shine_analysis_faces_per_photo',
      help: 'Faces found in a measured photo (the largest is measured; more than one earns a warning).',
      buckets: [1, 2, 3, 5, 10],
      registers,
    }),
    confidence: new Histogram({
      name: 'shine_analysis_confidence',
      help: 'Confidence of a measured skin tone, 0 to 1.',
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers,
    }),
    monkLevels: new Counter({ name: 'shine_analysis_monk_level_total', help: 'Analyses by Monk level.', labelNames: ['monk'], registers }),
    warnings: new Counter({ name: 'shine_analysis_warnings_total', help: 'Quality warnings given, by code.', labelNames: ['code'], registers }),
  };
}

/** Records what one measured photo says about the pipeline (stage times, faces) and its result. */
export function recordMeasuredPhoto(metrics: AnalysisMetrics, { analysis, stages }: TimedPhotoAnalysis, measured: MeasuredAnalysis): void {
  // The same stage timings the worker sends for the call's trace spans.
  for (const { stage, startMs, endMs } of stages) metrics.stageSeconds.observe({ stage, backend: analysis.model.backend }, (endMs - startMs) / 1000);
  metrics.facesPerPhoto.observe(1 + analysis.otherFaces.length);
  if (measured.skinTone) metrics.confidence.observe(measured.skinTone.confidence);
  metrics.monkLevels.inc({ monk: String(measured.skinTone?.monk ?? 0) });
  for (const warning of measured.warnings) metrics.warnings.inc({ code: warningLabel(warning.code) });
}

/** "FACE_TOO_SMALL" for QUALITY_WARNING_CODE_FACE_TOO_SMALL: dashboards read names, not enum numbers. */
function warningLabel(code: analysisV1.QualityWarningCode): string {
  return analysisV1.qualityWarningCodeToJSON(code).replace(/^QUALITY_WARNING_CODE_/, '');
}
