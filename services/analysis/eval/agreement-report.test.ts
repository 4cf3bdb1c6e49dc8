import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MonkLevel } from '@shine/color';
import type { LabelledPhoto } from '../src/testing/devset.ts';
import { agreementFigures, type Outcome } from './agreement-report.ts';

const photo = (file: string, monk: number): LabelledPhoto => ({ file, path: file, monk: monk as MonkLevel, range: [monk as MonkLevel, monk as MonkLevel], source: '', notes: '' });

describe('agreementFigures', () => {
  const light = photo('light.jpg', 2);
  const deep = photo('deep.jpg', 8);
  const missed = photo('missed.jpg', 5);
  const outcomes: Outcome[] = [
    { photo: light, variant: 'original', level: 2, confidence: 0.9 },
    { photo: deep, variant: 'original', level: 5, confidence: 0.9 },
    { photo: missed, variant: 'original', refusal: 'NO_FACE' },
    { photo: light, variant: '+1EV', level: 1, confidence: 0.3 },
    { photo: deep, variant: '+1EV', level: 3, confidence: 0.3 },
    { photo: deep, variant: '-1EV' },
  ];
  const figures = agreementFigures(outcomes);

  it('scores the photos as taken against their labels, by tone group, signed deeper-positive', () => {
    assert.equal(figures.n, 2);
    assert.equal(figures.within1_pct, 50);
    assert.equal(figures.groups.light.mean_signed, 0);
    assert.equal(figures.groups.deep.mean_signed, -3, 'deep read three levels light');
    assert.equal(figures.missed, 1);
    assert.deepEqual(figures.missed_files, ['missed.jpg (NO_FACE)']);
  });

  it('scores a variant against its own photo\'s answer, and counts the ones refused', () => {
    assert.equal(figures.drift_within1_pct['+1EV'], 50, 'light 2 → 1 holds, deep 5 → 3 does not');
    assert.equal(figures.drift_missed_confidence['+1EV'], 0.3);
    assert.equal(figures.drift_within1_pct['-1EV'], 0);
    assert.equal(figures.drift_refused['-1EV'], 1);
  });

  it('computes the calibration error over equal confidence bins: |agreement − confidence| weighted by share', () => {
    // Bin 0.9: one of two within ±1 (|0.5 − 0.9| = 0.4); bin 0.3: one of two (light 1 vs 2 holds; deep 3 vs 8 does not): |0.5 − 0.3| = 0.2.
    assert.ok(Math.abs(figures.ece - (0.5 * 0.4 + 0.5 * 0.2)) < 1e-9, `${figures.ece}`);
    assert.deepEqual(figures.confidence_bands['>=0.8'], { n: 2, within1_pct: 50, mean_confidence: 0.9 });
    assert.equal(figures.confidence_bands_originals['<0.5']!.n, 0);
  });
});
