// The objectives the capacity is measured against: the same numbers as the SLO alerts in
// monitoring/prometheus/rules (slo-objectives.test.ts fails if the two drift apart).
import type { RunSummary } from './latency-summary.ts';

export const SLO = {
  /** Analysis latency: 95% of photo analyses within 1 s (alerts `ShineAnalysisLatencyBudgetBurn*`). */
  analysisLatencySeconds: 1,
  analysisLatencyQuantile: 0.95,
  /** Edge availability: 99.9% of the gateway's answers are not 5xx (alerts `ShineEdgeErrorBudgetBurn*`). */
  edgeAvailability: 0.999,
} as const;

export interface SloVerdict {
  readonly met: boolean;
  /** Why not, in words, when not met. */
  readonly reasons: readonly string[];
}

/**
 * Whether a run stays within the objectives as a capacity is defined here: the uploads' p95 at the
 * edge (the analysis SLO, seen by the caller, so the gateway and the upload's transfer count too)
 * within 1 s, and no error at all, stricter than the 99.9% edge availability (a short run holds
 * too few requests to tell 99.9% from 100%, and a capacity that sheds is not one).
 */
export function judgeRun(summary: RunSummary): SloVerdict {
  const reasons: string[] = [];
  const uploads = summary.kinds['upload'];
  const limitMs = SLO.analysisLatencySeconds * 1000;
  if (!uploads || uploads.requests === 0) reasons.push('no upload was sent');
  else if (uploads.p95_ms > limitMs) reasons.push(`upload p95 ${uploads.p95_ms} ms > ${limitMs} ms`);
  if (summary.error_rate > 0) reasons.push(`error rate ${summary.error_rate.toFixed(4)} (statuses ${JSON.stringify(summary.error_statuses)})`);
  return { met: reasons.length === 0, reasons };
}
