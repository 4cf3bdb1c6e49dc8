import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { converter } from 'culori';
import {
  adaptXyzToD65,
  chromaticAdaptationMatrix,
  CONE_RESPONSE_MATRICES,
  D50,
  D65,
  type Matrix3,
  type Xyz,
} from './index.ts';
import { seededRandom } from '@shine/platform/seeded-random';

// Lindbloom, "Chromatic Adaptation" (brucelindbloom.com), with his reference whites
// D50 = (0.96422, 1, 0.82521) and D65 = (0.95047, 1, 1.08883). Published to 7 decimals.
const LINDBLOOM_D50: Xyz = { x: 0.96422, y: 1, z: 0.82521 };
const LINDBLOOM_D65: Xyz = { x: 0.95047, y: 1, z: 1.08883 };
const LINDBLOOM_BRADFORD_D50_TO_D65: Matrix3 = [
  [0.9555766, -0.0230393, 0.0631636],
  [-0.0282895, 1.0099416, 0.0210077],
  [0.0122982, -0.020483, 1.3299098],
];
const LINDBLOOM_VON_KRIES_D50_TO_D65: Matrix3 = [
  [0.9845002, -0.0546158, 0.0676324],
  [-0.0059992, 1.0047864, 0.0012095],
  [0, 0, 1.3194581],
];

function assertXyzClose(actual: Xyz, expected: Xyz, tolerance: number): void {
  for (const key of ['x', 'y', 'z'] as const) {
    assert.ok(Math.abs(actual[key] - expected[key]) < tolerance, `${key}: ${actual[key]} vs ${expected[key]}`);
  }
}

function assertMatrixClose(actual: Matrix3, expected: Matrix3, tolerance: number): void {
  actual.forEach((row, i) =>
    row.forEach((value, j) => {
      const want = expected[i]?.[j] ?? Number.NaN;
      assert.ok(Math.abs(value - want) < tolerance, `[${i}][${j}] ${value} vs ${want}`);
    }),
  );
}

describe('chromatic adaptation', () => {
  it("uses Lam's Bradford cone matrix", () => {
    assert.deepEqual(CONE_RESPONSE_MATRICES.bradford, [
      [0.8951, 0.2664, -0.1614],
      [-0.7502, 1.7135, 0.0367],
      [0.0389, -0.0685, 1.0296],
    ]);
  });

  it("builds Lindbloom's published Bradford D50 → D65 matrix", () => {
    const matrix = chromaticAdaptationMatrix(LINDBLOOM_D50, LINDBLOOM_D65, 'bradford');
    assertMatrixClose(matrix, LINDBLOOM_BRADFORD_D50_TO_D65, 1e-6);
  });

  it("builds Lindbloom's published von Kries D50 → D65 matrix", () => {
    const matrix = chromaticAdaptationMatrix(LINDBLOOM_D50, LINDBLOOM_D65, 'von-kries');
    assertMatrixClose(matrix, LINDBLOOM_VON_KRIES_D50_TO_D65, 1e-6);
  });

  it('takes the D50 white to the D65 white, by either method', () => {
    for (const method of ['bradford', 'von-kries'] as const) {
      assertXyzClose(adaptXyzToD65(D50, D50, method), D65, 1e-12);
    }
  });

  it('leaves colours alone when the source white already is D65', () => {
    const xyz = { x: 0.3, y: 0.25, z: 0.2 };
    assertXyzClose(adaptXyzToD65(xyz, D65), xyz, 1e-12);
  });

  it("adapts D50 XYZ like culori's Bradford xyz50 → xyz65 on 1000 seeded colours", () => {
    const toXyz65 = converter('xyz65');
    const random = seededRandom(50);
    for (let i = 0; i < 1000; i++) {
      const xyz = { x: random.next(), y: random.next(), z: random.next() };
      const { x, y, z } = toXyz65({ mode: 'xyz50', ...xyz });
      // culori's constants are CSS Color 4's matrix rounded; they differ from exact in the 7th decimal.
      assertXyzClose(adaptXyzToD65(xyz, D50), { x: x as number, y: y as number, z: z as number }, 1e-6);
    }
  });
});
