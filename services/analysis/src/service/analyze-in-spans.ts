import { context, trace, type Attributes } from '@opentelemetry/api';
import { markSpanFailed } from '@shine/platform';
import type { TimedPhotoAnalysis } from '../workers/analysis-worker.ts';

/**
 * Runs one photo through the pipeline in an "analyze photo" span (waiting for a worker included),
 * with a child span per stage as the worker timed it: worker threads have no tracer, so their
 * stages become spans here, in the caller's trace. Attributes describe the photo's size and the
 * backend, never its pixels.
 */
export function analyzeInSpans(imageBytes: number, run: () => Promise<TimedPhotoAnalysis>): Promise<TimedPhotoAnalysis> {
  // Looked up per call (a map lookup), so the benchmark can turn tracing off and on between rounds.
  const tracer = trace.getTracer('@shine/analysis');
  return tracer.startActiveSpan('analyze photo', { attributes: { 'shine.photo.bytes': imageBytes } }, async (span) => {
    try {
      const timed = await run();
      const { analysis, stages } = timed;
      // Untraced calls (not sampled, or no tracing) skip building what nobody will see.
      if (span.isRecording()) {
        const attributes: Attributes = {
          'shine.analysis.backend': analysis.model.backend,
          'shine.analysis.face_detector': analysis.model.faceDetector,
          'shine.analysis.pipeline_version': analysis.model.pipelineVersion,
          'shine.photo.format': analysis.image.format,
          'shine.photo.width': analysis.image.width,
          'shine.photo.height': analysis.image.height,
        };
        span.setAttributes(attributes);
        const parent = trace.setSpan(context.active(), span);
        for (const { stage, startMs, endMs } of stages) tracer.startSpan(stage, { startTime: startMs, attributes }, parent).end(endMs);
      }
      return timed;
    } catch (error) {
      markSpanFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
