import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { D50_XY, D65, D65_XY, daylightLocusXy, planckianLocusXy, whiteXyzOfCct, xyToCct, xyzToXy } from './index.ts';

describe('white of a colour temperature', () => {
  // CIE 15:2004 Table T.3 (5 decimals), integrated from the tabulated spectra; the locus formula
  // matches their x to 5e-5, and its quadratic y (eq. 3.4) to 1.5e-4.
  const CIE_DAYLIGHTS = [
    { name: 'D50', cct: 5003, x: 0.34567, y: 0.3585 },
    { name: 'D55', cct: 5503, x: 0.33242, y: 0.34743 },
    { name: 'D65', cct: 6504, x: 0.31271, y: 0.32902 },
    { name: 'D75', cct: 7504, x: 0.29902, y: 0.31485 },
  ];
  for (const daylight of CIE_DAYLIGHTS) {
    it(`puts CIE daylight at ${daylight.cct} K on ${daylight.name} `, () => {
      const { x, y } = daylightLocusXy(daylight.cct);
      assert.ok(Math.abs(x - daylight.x) < 5e-5 && Math.abs(y - daylight.y) < 1.5e-4, `${x}, ${y}`);
    });
  }

  it("gives chromaticity back from XYZ, and D65's for black", () => {
    const { x, y } = xyzToXy(D65);
    assert.ok(Math.abs(x - D65_XY.x) < 1e-15 && Math.abs(y - D65_XY.y) < 1e-15);
    assert.deepEqual(xyzToXy({ x: 0.2, y: 0.3, z: 0.5 }), { x: 0.2, y: 0.3 });
    assert.deepEqual(xyzToXy({ x: 0, y: 0, z: 0 }), D65_XY);
  });

  it('puts the black body at 2856 K on illuminant A (0.44757, 0.40745)', () => {
    const { x, y } = planckianLocusXy(2856);
    assert.ok(Math.abs(x - 0.44757) < 5e-4 && Math.abs(y - 0.40745) < 5e-4, `${x}, ${y}`);
  });

  it('returns a white with Y = 1 on the chosen locus', () => {
    const white = whiteXyzOfCct(6504, 'daylight');
    assert.equal(white.y, 1);
    assert.ok(Math.abs(white.x - D65.x) < 1e-3 && Math.abs(white.z - D65.z) < 2e-3);
    const tungsten = xyzToXy(whiteXyzOfCct(2856, 'planckian'));
    assert.ok(Math.abs(tungsten.x - 0.44757) < 5e-4);
  });

  it("refuses temperatures outside each approximation's range", () => {
    assert.throws(() => planckianLocusXy(1500), RangeError);
    assert.throws(() => planckianLocusXy(30000), RangeError);
    assert.throws(() => daylightLocusXy(3000), RangeError);
    assert.throws(() => whiteXyzOfCct(Number.NaN, 'planckian'), RangeError);
  });

  it('estimates illuminant A at 2856 K, D50 at 5003 K and D65 at 6504 K by McCamy', () => {
    assert.ok(Math.abs(xyToCct({ x: 0.44757, y: 0.40745 }) - 2856) < 2, `A: ${xyToCct({ x: 0.44757, y: 0.40745 })}`);
    assert.ok(Math.abs(xyToCct(D50_XY) - 5003) < 3, `D50: ${xyToCct(D50_XY)}`);
    assert.ok(Math.abs(xyToCct(D65_XY) - 6504) < 2, `D65: ${xyToCct(D65_XY)}`);
  });

  it('recovers the temperature of black-body whites from 2000 to 8000 K within 25 K', () => {
    for (let cct = 2000; cct <= 8000; cct += 100) {
      const estimate = xyToCct(planckianLocusXy(cct));
      assert.ok(Math.abs(estimate - cct) < 25, `${cct} K → ${estimate} K`);
    }
  });
});
