import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { converter } from 'culori';
import {
  lab65ToSrgb,
  lab65ToXyz65,
  linearToSrgb,
  linearToXyz65,
  srgb8ToLab65,
  srgbToLab65,
  srgbToLinear,
  srgbToSrgb8,
  srgb8ToSrgb,
  xyz65ToLab65,
  xyz65ToLinear,
  type Rgb,
} from './index.ts';
import { seededRandom } from '@shine/platform/seeded-random';

const toLrgb = converter('lrgb');
const toXyz65 = converter('xyz65');
const toLab65 = converter('lab65');

// Both sides use the CSS Color 4 matrices and the same D65, so only rounding may differ.
const TOLERANCE = 1e-9;

function assertClose(actual: Record<string, number>, expected: Record<string, unknown>, keys: string[]): void {
  for (const key of keys) {
    const want = expected[key];
    assert.equal(typeof want, 'number');
    const got = actual[key] ?? Number.NaN;
    assert.ok(Math.abs(got - (want as number)) < TOLERANCE, `${key}: ${got} vs ${want}`);
  }
}

function randomRgbs(count: number, seed: number): Rgb[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({ r: random.next(), g: random.next(), b: random.next() }));
}

describe('sRGB → linear → XYZ (D65) → CIELAB (D65)', () => {
  const samples = randomRgbs(1000, 42);

  it("linearises like culori's lrgb on 1000 seeded colours", () => {
    for (const rgb of samples) assertClose({ ...srgbToLinear(rgb) }, toLrgb({ mode: 'rgb', ...rgb }), ['r', 'g', 'b']);
  });

  it("reaches XYZ like culori's xyz65 on 1000 seeded colours", () => {
    for (const rgb of samples) {
      assertClose({ ...linearToXyz65(srgbToLinear(rgb)) }, toXyz65({ mode: 'rgb', ...rgb }), ['x', 'y', 'z']);
    }
  });

  it("reaches CIELAB like culori's lab65 on 1000 seeded colours", () => {
    for (const rgb of samples) assertClose({ ...srgbToLab65(rgb) }, toLab65({ mode: 'rgb', ...rgb }), ['l', 'a', 'b']);
  });

  it('takes XYZ to CIELAB like culori, including the linear segment near black', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 1000; i++) {
      const xyz = { x: random.next() * 0.02, y: random.next() * 0.02, z: random.next() * 0.02 };
      assertClose({ ...xyz65ToLab65(xyz) }, toLab65({ mode: 'xyz65', ...xyz }), ['l', 'a', 'b']);
    }
  });

  it('comes back from CIELAB to the same sRGB through every reverse step', () => {
    for (const rgb of samples) {
      const lab = srgbToLab65(rgb);
      const xyz = lab65ToXyz65(lab);
      assertClose({ ...xyz }, { ...linearToXyz65(srgbToLinear(rgb)) }, ['x', 'y', 'z']);
      assertClose({ ...linearToSrgb(xyz65ToLinear(xyz)) }, { ...rgb }, ['r', 'g', 'b']);
      assertClose({ ...lab65ToSrgb(lab) }, { ...rgb }, ['r', 'g', 'b']);
    }
  });

  it('returns every 8-bit grey and 1000 seeded 8-bit colours to the same bytes', () => {
    const random = seededRandom(8);
    const bytes = (): number => Math.floor(random.next() * 256);
    const colours = [
      ...Array.from({ length: 256 }, (_, v) => ({ r: v, g: v, b: v })),
      ...Array.from({ length: 1000 }, () => ({ r: bytes(), g: bytes(), b: bytes() })),
    ];
    for (const rgb8 of colours) assert.deepEqual(srgbToSrgb8(lab65ToSrgb(srgb8ToLab65(rgb8))), rgb8);
  });

  it('puts white at L* 100, a* 0, b* 0 and black at 0, 0, 0', () => {
    const white = srgbToLab65({ r: 1, g: 1, b: 1 });
    assert.ok(Math.abs(white.l - 100) < 1e-9 && Math.abs(white.a) < 1e-9 && Math.abs(white.b) < 1e-9);
    assert.deepEqual(srgbToLab65({ r: 0, g: 0, b: 0 }), { l: 0, a: 0, b: 0 });
  });

  it('puts sRGB red at the published Lab (D65) 53.24, 80.09, 67.20', () => {
    // Lindbloom's calculator and most tables give 53.24, 80.09, 67.20 for #ff0000 under D65.
    const red = srgb8ToLab65({ r: 255, g: 0, b: 0 });
    assert.ok(Math.abs(red.l - 53.24) < 0.005, `L* ${red.l}`);
    assert.ok(Math.abs(red.a - 80.09) < 0.005, `a* ${red.a}`);
    assert.ok(Math.abs(red.b - 67.2) < 0.005, `b* ${red.b}`);
  });

  it("puts the sRGB linear segment's knee where IEC 61966-2-1 does", () => {
    assert.equal(srgbToLinear({ r: 0.04045, g: 0, b: 0 }).r, 0.04045 / 12.92);
    assert.ok(Math.abs(srgbToLinear({ r: 0.5, g: 0, b: 0 }).r - 0.214041) < 1e-6);
    assert.deepEqual(srgb8ToSrgb({ r: 255, g: 51, b: 0 }), { r: 1, g: 0.2, b: 0 });
  });
});
