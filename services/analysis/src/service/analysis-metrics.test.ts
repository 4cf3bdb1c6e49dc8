import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analysisV1 } from '@shine/contracts';
import { Registry } from 'prom-client';
import type { TimedPhotoAnalysis } from '../workers/analysis-worker.ts';
import { createAnalysisMetrics, recordMeasuredPhoto } from './analysis-metrics.ts';
import type { MeasuredAnalysis } from './server.ts';

// Only the fields the metrics read: the pipeline itself is tested with real photos elsewhere.
const result = {
  analysis: { otherFaces: [{ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 0, width: 10, height: 10 }], model: { backend: 'wasm' } },
  stages: [
    { stage: 'decode', startMs: 1000, endMs: 1004 },
    { stage: 'detect', startMs: 1004, endMs: 1094 },
    { stage: 'landmarks', startMs: 1094, endMs: 1124 },
    { stage: 'measure', startMs: 1124, endMs: 1136 },
  ],
} as unknown as TimedPhotoAnalysis;
const measured = {
  skinTone: { monk: 4, confidence: 0.72 },
  warnings: [{ code: analysisV1.QualityWarningCode.QUALITY_WARNING_CODE_MULTIPLE_FACES }],
} as unknown as MeasuredAnalysis;

describe('the analysis metrics of one measured photo', () => {
  it('records each stage by backend, the faces found, the confidence, the Monk level and each warning by name', async () => {
    const registry = new Registry();
    const metrics = createAnalysisMetrics(registry, { running: () => 1, queued: () => 2 });
    recordMeasuredPhoto(metrics, result, measured);
    const text = await registry.metrics();
    for (const stage of ['decode', 'detect', 'landmarks', 'measure']) assert.match(text, new RegExp(`^shine_analysis_stage_duration_seconds_count\\{stage="${stage}",backend="wasm"\\} 1$`, 'm'));
    assert.match(text, /^shine_analysis_stage_duration_seconds_sum\{stage="detect",backend="wasm"\} 0\.09$/m);
    assert.match(text, /^shine_analysis_faces_per_photo_bucket\{le="2"\} 0$/m, 'three faces: not in the bucket of two');
    assert.match(text, /^shine_analysis_faces_per_photo_bucket\{le="3"\} 1$/m);
    assert.match(text, /^shine_analysis_confidence_bucket\{le="0\.7"\} 0$/m);
    assert.match(text, /^shine_analysis_confidence_bucket\{le="0\.8"\} 1$/m);
    assert.match(text, /^shine_analysis_monk_level_total\{monk="4"\} 1$/m);
    assert.match(text, /^shine_analysis_warnings_total\{code="MULTIPLE_FACES"\} 1$/m);
    assert.match(text, /^shine_analysis_queued 2$/m);
    assert.match(text, /^shine_analysis_shed_total 0$/m, 'exported from the start, so a rate reads 0 rather than nothing');
  });
});
