import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measurementSigma, measurementUncertainty, readMonkLevel } from './measurement-confidence.ts';
import { QUALITY_WARNING_MESSAGES, qualityWarnings, type QualitySignals } from './quality-warnings.ts';

const GOOD: QualitySignals = {
  otherFaces: 0,
  faceWidth: 300,
  sharpness: 0.08,
  exposure: 'GOOD',
  exposureUncertaintyStops: 0.2,
  exposureShortfallStops: 0,
  whiteReference: 'BRIGHT',
  residualCastMired: 0,
  skinHue: 55,
  rotation: { roll: 2, yaw: 5, pitch: -8 },
  regionAgreementDeltaE00: 2,
  skinPixels: 20000,
  regionArea: 25000,
  detectionScore: 0.97,
};
const SKIN = { l: 55, a: 14, b: 20 };
const confidence = (signals: QualitySignals) => readMonkLevel(SKIN, measurementUncertainty(signals)).confidence;

describe('quality warnings and confidence', () => {
  it('raises nothing for a good photo, and is confident of it', () => {
    assert.deepEqual(qualityWarnings(GOOD), []);
    assert.ok(confidence(GOOD) > 0.8, `${confidence(GOOD)}`);
  });

  const cases: [string, Partial<QualitySignals>][] = [
    ['MULTIPLE_FACES', { otherFaces: 2 }],
    ['FACE_TOO_SMALL', { faceWidth: 60 }],
    ['BLURRED', { sharpness: 0.004 }],
    ['UNDEREXPOSED', { exposure: 'UNDER' }],
    ['OVEREXPOSED', { exposure: 'OVER', exposureUncertaintyStops: 0.55 }],
    ['COLOR_CAST', { residualCastMired: 80 }],
    ['COLOR_CAST', { skinHue: 10 }],
    ['HEAVY_ROTATION', { rotation: { roll: 0, yaw: 40, pitch: 0 } }],
    ['LOW_REGION_AGREEMENT', { regionAgreementDeltaE00: 10 }],
    ['FEW_SKIN_PIXELS', { skinPixels: 150 }],
    ['FEW_SKIN_PIXELS', { skinPixels: 5000, regionArea: 25000 }],
    ['LOW_DETECTION_SCORE', { detectionScore: 0.6 }],
    ['NO_WHITE_REFERENCE', { whiteReference: 'NONE', exposureUncertaintyStops: 0.5 }],
    ['NO_WHITE_REFERENCE', { whiteReference: 'DIM', exposureUncertaintyStops: 0.45 }],
  ];
  for (const [code, change] of cases) {
    it(`raises ${code} alone for ${JSON.stringify(change)}, and lowers the confidence`, () => {
      const signals = { ...GOOD, ...change };
      assert.deepEqual(qualityWarnings(signals).map((warning) => warning.code), [code]);
      assert.ok(confidence(signals) < confidence(GOOD) - 0.01 && confidence(signals) > 0, `${confidence(signals)}`);
    });
  }

  it('tells a photo with only a grey surface from one with nothing to judge by, as each asks something else of the person', () => {
    const [grey] = qualityWarnings({ ...GOOD, whiteReference: 'DIM' });
    const [none] = qualityWarnings({ ...GOOD, whiteReference: 'NONE' });
    assert.match(grey!.message, /may be grey rather than white, so your skin may read lighter than it is/);
    assert.match(none!.message, /^Nothing white or grey was in the photo/);
    assert.match(grey!.message, /: [a-z].*\.$/);
  });

  it('warns about the regions by the very figure the answer reports', () => {
    assert.deepEqual(qualityWarnings({ ...GOOD, regionAgreementDeltaE00: 7.9 }), []);
    assert.deepEqual(qualityWarnings({ ...GOOD, regionAgreementDeltaE00: 8.1 }).map((w) => w.code), ['LOW_REGION_AGREEMENT']);
  });

  it('costs more for an unsure exposure on light skin, where a stop moves the level most, than on deep skin', () => {
    const unsure = measurementUncertainty({ ...GOOD, exposureUncertaintyStops: 0.5 });
    assert.ok(measurementSigma({ l: 78, a: 12, b: 16 }, unsure) > 1.5 * measurementSigma({ l: 35, a: 12, b: 14 }, unsure));
  });

  it('halves the confidence for each stop of lift a dark photo still lacked', () => {
    const short = measurementUncertainty({ ...GOOD, exposure: 'UNDER', exposureShortfallStops: 1 });
    const notShort = measurementUncertainty({ ...GOOD, exposure: 'UNDER' });
    assert.ok(Math.abs(short.factor - notShort.factor / 2) < 1e-12);
  });

  it('reports a tiny face as too small, not as blurred', () => {
    const codes = qualityWarnings({ ...GOOD, faceWidth: 40, sharpness: 0.001 }).map((warning) => warning.code);
    assert.deepEqual(codes, ['FACE_TOO_SMALL']);
  });

  it('tells the person what to do, in the order of the proto enum', () => {
    const all = qualityWarnings({ ...GOOD, otherFaces: 1, faceWidth: 50, exposure: 'OVER', detectionScore: 0.2, whiteReference: 'NONE' });
    assert.deepEqual(all.map((warning) => warning.code), ['MULTIPLE_FACES', 'FACE_TOO_SMALL', 'OVEREXPOSED', 'LOW_DETECTION_SCORE', 'NO_WHITE_REFERENCE']);
    assert.match(QUALITY_WARNING_MESSAGES.FACE_TOO_SMALL, /^Face too small: move closer/);
    for (const message of Object.values(QUALITY_WARNING_MESSAGES)) assert.match(message, /: [a-z].*\.$/);
  });

  it('falls further with every problem added, and stays above 0', () => {
    const worse: Partial<QualitySignals>[] = [
      { otherFaces: 1 },
      { faceWidth: 80 },
      { sharpness: 0.005 },
      { exposure: 'UNDER' },
      { residualCastMired: 120 },
      { regionAgreementDeltaE00: 12 },
    ];
    let signals = GOOD;
    let previous = confidence(signals);
    for (const change of worse) {
      signals = { ...signals, ...change };
      const next = confidence(signals);
      assert.ok(next < previous, `${JSON.stringify(change)}: ${next} ≥ ${previous}`);
      previous = next;
    }
    assert.ok(previous > 0);
  });
});
