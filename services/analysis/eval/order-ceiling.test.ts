import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderCeiling } from './order-ceiling.ts';

describe('orderCeiling', () => {
  it('places every face when the measurement orders them as the labels do', () => {
    const faces = Array.from({ length: 10 }, (_, index) => ({ lightness: 90 - 6 * index, level: index + 1 }));
    assert.deepEqual(orderCeiling(faces), { within1: 10, within1_pct: 100 });
  });

  it('loses a face that reads far lighter than faces labelled much lighter, and no more', () => {
    const faces = [
      { lightness: 85, level: 1 },
      { lightness: 80, level: 2 },
      { lightness: 83, level: 8 }, // a deep face measured as light as the lightest: no monotone scale places it and them
      { lightness: 50, level: 7 },
      { lightness: 40, level: 9 },
    ];
    assert.deepEqual(orderCeiling(faces), { within1: 4, within1_pct: 80 });
  });

  it('takes equal levels for faces that a level apart cannot separate', () => {
    // Labels 3 and 1 swapped in lightness: one level (2) is within one of both.
    const faces = [
      { lightness: 80, level: 3 },
      { lightness: 78, level: 1 },
    ];
    assert.equal(orderCeiling(faces).within1, 2);
  });
});
