import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measurementConfidence } from './measurement-confidence.ts';
import { QUALITY_WARNING_MESSAGES, qualityWarnings, type QualitySignals } from './quality-warnings.ts';

const GOOD: QualitySignals = {
  otherFaces: 0,
  faceWidth: 300,
  sharpness: 0.08,
  exposure: 'GOOD',
  exposureShortfallStops: 0,
  residualCastMired: 0,
  skinHue: 55,
  rotation: { roll: 2, yaw: 5, pitch: -8 },
  regionAgreementDeltaE00: 3,
  regionSpreadDeltaE00: 2,
  skinPixels: 20000,
  regionArea: 25000,
  detectionScore: 0.97,
};

describe('quality warnings and confidence', () => {
  it('raises nothing and is fully confident for a good photo', () => {
    assert.deepEqual(qualityWarnings(GOOD), []);
    assert.equal(measurementConfidence(GOOD), 1);
  });

  const cases: [string, Partial<QualitySignals>][] = [
    ['MULTIPLE_FACES', { otherFaces: 2 }],
    ['FACE_TOO_SMALL', { faceWidth: 60 }],
    ['BLURRED', { sharpness: 0.004 }],
    ['UNDEREXPOSED', { exposure: 'UNDER' }],
    ['OVEREXPOSED', { exposure: 'OVER' }],
    ['COLOR_CAST', { residualCastMired: 80 }],
    ['COLOR_CAST', { skinHue: 10 }],
    ['HEAVY_ROTATION', { rotation: { roll: 0, yaw: 40, pitch: 0 } }],
    ['LOW_REGION_AGREEMENT', { regionAgreementDeltaE00: 12, regionSpreadDeltaE00: 10 }],
    ['FEW_SKIN_PIXELS', { skinPixels: 150 }],
    ['FEW_SKIN_PIXELS', { skinPixels: 5000, regionArea: 25000 }],
    ['LOW_DETECTION_SCORE', { detectionScore: 0.6 }],
  ];
  for (const [code, change] of cases) {
    it(`raises ${code} alone for ${JSON.stringify(change)}, and lowers the confidence`, () => {
      const signals = { ...GOOD, ...change };
      assert.deepEqual(qualityWarnings(signals).map((warning) => warning.code), [code]);
      const confidence = measurementConfidence(signals);
      assert.ok(confidence < 0.95 && confidence > 0, `${confidence}`);
    });
  }

  it('sets one odd region (hair on the forehead, a cheek in shadow) aside, as the median of the regions does', () => {
    const oneOff = { ...GOOD, regionAgreementDeltaE00: 18, regionSpreadDeltaE00: 3 };
    assert.deepEqual(qualityWarnings(oneOff), []);
    assert.equal(measurementConfidence(oneOff), 1);
    const twoOff = { ...oneOff, regionSpreadDeltaE00: 12 };
    assert.deepEqual(qualityWarnings(twoOff).map((warning) => warning.code), ['LOW_REGION_AGREEMENT']);
    assert.ok(measurementConfidence(twoOff) < 0.6);
  });

  it('reports a tiny face as too small, not as blurred', () => {
    const codes = qualityWarnings({ ...GOOD, faceWidth: 40, sharpness: 0.001 }).map((warning) => warning.code);
    assert.deepEqual(codes, ['FACE_TOO_SMALL']);
  });

  it('tells the person what to do, in the order of the proto enum', () => {
    const all = qualityWarnings({ ...GOOD, otherFaces: 1, faceWidth: 50, exposure: 'OVER', detectionScore: 0.2 });
    assert.deepEqual(all.map((warning) => warning.code), ['MULTIPLE_FACES', 'FACE_TOO_SMALL', 'OVEREXPOSED', 'LOW_DETECTION_SCORE']);
    assert.match(QUALITY_WARNING_MESSAGES.FACE_TOO_SMALL, /^Face too small: move closer/);
    for (const message of Object.values(QUALITY_WARNING_MESSAGES)) assert.match(message, /: [a-z].*\.$/);
  });

  it('falls further with every problem added, and stays above 0', () => {
    const worse = [
      { otherFaces: 1 },
      { faceWidth: 80 },
      { sharpness: 0.005 },
      { exposure: 'OVER' as const },
      { residualCastMired: 120 },
      { regionAgreementDeltaE00: 14, regionSpreadDeltaE00: 12 },
    ];
    let signals = GOOD;
    let previous = measurementConfidence(signals);
    for (const change of worse) {
      signals = { ...signals, ...change };
      const confidence = measurementConfidence(signals);
      assert.ok(confidence < previous, `${JSON.stringify(change)}: ${confidence} ≥ ${previous}`);
      previous = confidence;
    }
    assert.ok(previous > 0);
  });
});
