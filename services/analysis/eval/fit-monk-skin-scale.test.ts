import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lchToLab, scaleLuminance, type MonkSkinScale } from '@shine/color';
import { seededRandom } from '@shine/platform/seeded-random';
import { fitMonkSkinScale, type LabelledSkin } from './fit-monk-skin-scale.ts';

/** Faces labelled as a rater would under `truth`: position plus normal noise, rounded, with some gross misses. */
function labelledFaces(truth: { intercept: number; perLuminance: number; sigma: number }, count: number, misses: number): LabelledSkin[] {
  const random = seededRandom(7);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  return Array.from({ length: count }, (_, index) => {
    const l = 25 + 60 * random.next();
    const judged = Math.round(truth.intercept + truth.perLuminance * scaleLuminance(l) + truth.sigma * normal());
    // A gross miss reads the face at the other end of the scale (a shadowed face called deep, a lifted one light).
    const level = index < misses ? 11 - judged : judged;
    return { lab: lchToLab({ l, c: 30 - 0.1 * l, h: 55 }), level: Math.min(10, Math.max(1, level)) };
  });
}

describe('fitMonkSkinScale', () => {
  it('recovers the slope, intercept and spread that made the labels', () => {
    const truth = { intercept: 10.5, perLuminance: -14, sigma: 0.8 };
    const fitted: MonkSkinScale = fitMonkSkinScale(labelledFaces(truth, 400, 0));
    assert.ok(Math.abs(fitted.perLuminance - truth.perLuminance) < 1, `slope ${fitted.perLuminance}`);
    assert.ok(Math.abs(fitted.intercept + fitted.perLuminance * 0.25 - (truth.intercept + truth.perLuminance * 0.25)) < 0.2, 'position at Y 0.25');
    assert.ok(Math.abs(fitted.sigma - truth.sigma) < 0.15, `σ ${fitted.sigma}`);
    assert.ok(Math.abs(fitted.chromaPerLightness + 0.1) < 0.01 && Math.abs(fitted.chromaIntercept - 30) < 0.5, 'chroma line');
  });

  it('keeps its slope when a tenth of the labels are gross misses, where least squares would flatten', () => {
    const truth = { intercept: 10.5, perLuminance: -14, sigma: 0.8 };
    const fitted = fitMonkSkinScale(labelledFaces(truth, 400, 40));
    assert.ok(Math.abs(fitted.perLuminance - truth.perLuminance) < 1.5, `slope ${fitted.perLuminance}`);
  });

  it('refuses to fit fewer than five faces', () => {
    assert.throws(() => fitMonkSkinScale([{ lab: { l: 50, a: 10, b: 10 }, level: 5 }]), /too few/);
  });
});
