import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitzpatrickFromIta, individualTypologyAngle, itaClass } from './index.ts';

describe('ITA°, its class and the Fitzpatrick estimate', () => {
  it('computes atan2(L* − 50, b*) in degrees', () => {
    assert.equal(individualTypologyAngle({ l: 60, a: 10, b: 10 }), 45);
    assert.equal(individualTypologyAngle({ l: 50, a: 10, b: 20 }), 0);
    assert.equal(individualTypologyAngle({ l: 30, a: 10, b: 20 }), -45);
    assert.ok(Math.abs(individualTypologyAngle({ l: 65, a: 12, b: 15 }) - 45) < 1e-12);
  });

  it('keeps the angle defined at b* = 0', () => {
    assert.equal(individualTypologyAngle({ l: 70, a: 0, b: 0 }), 90);
  });

  // Chardon et al. 1991 and Del Bino et al. 2006: each class includes its upper bound.
  const BOUNDARIES = [
    { ita: 90, itaClass: 'very-light', fitzpatrick: 1 },
    { ita: 55.0001, itaClass: 'very-light', fitzpatrick: 1 },
    { ita: 55, itaClass: 'light', fitzpatrick: 2 },
    { ita: 41.0001, itaClass: 'light', fitzpatrick: 2 },
    { ita: 41, itaClass: 'intermediate', fitzpatrick: 3 },
    { ita: 28.0001, itaClass: 'intermediate', fitzpatrick: 3 },
    { ita: 28, itaClass: 'tan', fitzpatrick: 4 },
    { ita: 10.0001, itaClass: 'tan', fitzpatrick: 4 },
    { ita: 10, itaClass: 'brown', fitzpatrick: 5 },
    { ita: -29.9999, itaClass: 'brown', fitzpatrick: 5 },
    { ita: -30, itaClass: 'dark', fitzpatrick: 6 },
    { ita: -90, itaClass: 'dark', fitzpatrick: 6 },
  ] as const;

  for (const boundary of BOUNDARIES) {
    it(`puts ${boundary.ita}° in ${boundary.itaClass}, Fitzpatrick ${boundary.fitzpatrick}`, () => {
      assert.equal(itaClass(boundary.ita), boundary.itaClass);
      assert.equal(fitzpatrickFromIta(boundary.ita), boundary.fitzpatrick);
    });
  }
});
