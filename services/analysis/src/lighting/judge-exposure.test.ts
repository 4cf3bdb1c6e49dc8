import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearChannelToSrgb, SRGB8_LINEAR_TABLE } from '@shine/color';
import { DIM_WHITE, judgeExposure, MAX_BRIGHT_SKIN_LUMINANCE } from './judge-exposure.ts';
import type { RgbImage } from '../intake/rgb-image.ts';

/**
 * A 100 × 100 patch of skin of one sRGB colour, lit unevenly (linear light from 0.7× to 1.3×
 * across it, as a face is), times `exposure` in linear light, clipped as a camera would.
 */
function skinPatch(srgb: readonly [number, number, number], exposure = 1): { image: RgbImage; skin: Uint32Array } {
  const size = 100;
  const rgb = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const light = exposure * (0.7 + (0.6 * (x + y)) / (2 * size));
      for (let c = 0; c < 3; c++) {
        const linear = Math.min(1, SRGB8_LINEAR_TABLE[srgb[c]!]! * light);
        rgb[(y * size + x) * 3 + c] = Math.round(255 * linearChannelToSrgb(linear));
      }
    }
  }
  return { image: { width: size, height: size, rgb }, skin: Uint32Array.from({ length: size * size }, (_, i) => i) };
}

const LIGHT_SKIN = [226, 182, 160] as const; // about L* 77, MST 2
const MEDIUM_SKIN = [190, 140, 110] as const; // about L* 62
const DEEP_SKIN = [92, 62, 50] as const; // about L* 29, MST 9-10 well exposed

describe('judgeExposure', () => {
  it('calls well-exposed light, medium and deep skin good, and leaves them as they are', () => {
    for (const colour of [LIGHT_SKIN, MEDIUM_SKIN, DEEP_SKIN]) {
      const { image, skin } = skinPatch(colour);
      const reading = judgeExposure(image, skin, 0.95);
      assert.equal(reading.exposure, 'GOOD', `${colour}`);
      assert.equal(reading.gain, 1, `${colour}`);
    }
  });

  it('calls deep skin two stops under under-exposed, and medium skin in near-darkness too', () => {
    assert.equal(judgeExposure(skinPatch(DEEP_SKIN, 0.25).image, skinPatch(DEEP_SKIN, 0.25).skin, 0.95).exposure, 'UNDER');
    const dark = skinPatch(MEDIUM_SKIN, 0.005);
    const reading = judgeExposure(dark.image, dark.skin, 0.95);
    assert.equal(reading.exposure, 'UNDER');
    assert.ok(reading.crushedFraction > 0.5);
  });

  it('calls light skin a stop over over-exposed, and brings it back to what skin can be', () => {
    const { image, skin } = skinPatch(LIGHT_SKIN, 2);
    const reading = judgeExposure(image, skin, 1);
    assert.equal(reading.exposure, 'OVER');
    assert.ok(reading.clippedFraction > 0.5);
    // Red clipped, green not: the rebuilt skin is about twice what it was, so the gain is about a half.
    assert.ok(reading.gain > 0.4 && reading.gain < 0.65, `gain ${reading.gain}`);
  });

  it("lifts a photo whose white is dim by the white's shortfall", () => {
    const { image, skin } = skinPatch(DEEP_SKIN);
    const reading = judgeExposure(image, skin, 0.3);
    assert.ok(Math.abs(reading.gain - 3) < 1e-9, `gain ${reading.gain}`);
    // An unknown white level lifts nothing.
    assert.equal(judgeExposure(image, skin, Number.NaN).gain, 1);
  });

  it('calls a photo more than two stops dark under-exposed: the ×4 lift falls short', () => {
    // Light skin and its white three stops down: lifted ×4 of the ×8 it needed.
    const { image, skin } = skinPatch(LIGHT_SKIN, 1 / 8);
    const reading = judgeExposure(image, skin, 0.95 / 8);
    assert.equal(reading.gain, 4);
    assert.equal(reading.exposure, 'UNDER');
    // It wanted 0.9 / (0.95 / 8) ≈ ×7.6 and got ×4: about 0.92 stops short.
    assert.ok(Math.abs(reading.shortfallStops - Math.log2((0.9 * 8) / 0.95 / 4)) < 1e-9, `${reading.shortfallStops} stops short`);
    // Two stops down is within reach, and a lit face in a dark room is not under-exposed.
    const twoStops = skinPatch(LIGHT_SKIN, 1 / 4);
    assert.equal(judgeExposure(twoStops.image, twoStops.skin, 0.95 / 4).exposure, 'GOOD');
    const spotlit = skinPatch(LIGHT_SKIN);
    assert.equal(judgeExposure(spotlit.image, spotlit.skin, 0.05).exposure, 'GOOD');
  });

  it('never lifts skin past what skin can be, however dim the white', () => {
    const { image, skin } = skinPatch(MEDIUM_SKIN);
    const reading = judgeExposure(image, skin, 0.05);
    assert.ok(reading.gain < 4, `gain ${reading.gain}`);
    // The brightest tenth of the patch, times the gain, lands on the bound.
    const luminances = Array.from(skin, (pixel) => {
      const [r, g, b] = [0, 1, 2].map((c) => SRGB8_LINEAR_TABLE[image.rgb[3 * pixel + c]!]!) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }).sort((p, q) => p - q);
    const y90 = luminances[Math.floor(0.9 * (luminances.length - 1))]!;
    assert.ok(Math.abs(reading.gain * y90 - MAX_BRIGHT_SKIN_LUMINANCE) < 0.01, `gain ${reading.gain}, 90th percentile ${y90}`);
  });

  it('learns the red-to-green ratio from the brightest unclipped skin', () => {
    const { image, skin } = skinPatch(LIGHT_SKIN, 1.4);
    const reading = judgeExposure(image, skin, 1);
    const expected = SRGB8_LINEAR_TABLE[LIGHT_SKIN[0]]! / SRGB8_LINEAR_TABLE[LIGHT_SKIN[1]]!;
    assert.ok(Math.abs(reading.redToGreen - expected) < 0.05 * expected, `${reading.redToGreen} vs ${expected}`);
  });

  it('names what the photo offered to judge it by, and is surer with a bright white than with none, a dim one or only clipped white', () => {
    const { image, skin } = skinPatch(DEEP_SKIN);
    const read = (white: number) => judgeExposure(image, skin, white);
    assert.equal(read(0.85).whiteReference, 'BRIGHT');
    assert.equal(read(Number.NaN).whiteReference, 'NONE');
    assert.equal(read(0.3).whiteReference, 'DIM');
    assert.equal(read(1).whiteReference, 'CLIPPED');
    const bright = read(0.85).uncertaintyStops;
    for (const white of [Number.NaN, 0.3, 1]) assert.ok(read(white).uncertaintyStops > bright, `white ${white}`);
    // The dimmer the white lifted from, the more the lift may be wrong (a grey wall taken for white).
    assert.ok(read(0.15).uncertaintyStops > read(0.45).uncertaintyStops);
  });

  it('trusts a lift by how far it goes, not by which side of the dim line its white falls', () => {
    const { image, skin } = skinPatch(DEEP_SKIN);
    const read = (white: number) => judgeExposure(image, skin, white);
    // Whites just under and just over DIM_WHITE lift the face by the same ×1.5: equally unsure.
    const justDim = read(DIM_WHITE - 0.001);
    const justBright = read(DIM_WHITE + 0.001);
    assert.equal(justDim.whiteReference, 'DIM');
    assert.equal(justBright.whiteReference, 'BRIGHT');
    assert.ok(Math.abs(justDim.uncertaintyStops - justBright.uncertaintyStops) < 0.01, `${justDim.uncertaintyStops} vs ${justBright.uncertaintyStops}`);
    // A bright white that lifts the photo leaves it less sure than one it is already at.
    assert.ok(read(0.7).uncertaintyStops > read(0.9).uncertaintyStops);
  });

  it('leaves deep skin where it is when nothing in the photo is white: no white, no lift', () => {
    const { image, skin } = skinPatch(DEEP_SKIN);
    assert.equal(judgeExposure(image, skin, Number.NaN).gain, 1);
  });
});
