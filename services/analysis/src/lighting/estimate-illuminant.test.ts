import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearChannelToSrgb, SRGB8_LINEAR_TABLE, whiteXyzOfCct, xyz65ToLinear } from '@shine/color';
import sharp from 'sharp';
import { adaptToD65, MIN_ADAPTATION_CONFIDENCE } from './adapt-to-d65.ts';
import { decodeImage } from '../intake/decode-image.ts';
import { estimateIlluminant } from './estimate-illuminant.ts';
import type { Box } from '../faces/face-geometry.ts';
import { pixelsToLab } from '../measurement/pixels-to-lab.ts';
import type { RgbImage } from '../intake/rgb-image.ts';

const WIDTH = 640;
const HEIGHT = 480;
const FACE: Box = { x: 20, y: 20, width: 100, height: 100 };
// A mid-grey patch well away from the face: the one checked after adaptation.
const GREY_PATCH = { x: 400, y: 300, size: 60 };

type Paint = (x: number, y: number) => readonly [number, number, number];

/** Neutral greys from dark to near-white in 8 × 6 tiles (sRGB 40-235), the grey patch in mid-grey. */
const neutralScene: Paint = (x, y) => {
  if (inGreyPatch(x, y)) return [128, 128, 128];
  const tile = Math.floor(x / 80) + 8 * Math.floor(y / 80);
  const level = 40 + Math.round((195 * tile) / 47);
  return [level, level, level];
};

function inGreyPatch(x: number, y: number): boolean {
  return x >= GREY_PATCH.x && x < GREY_PATCH.x + GREY_PATCH.size && y >= GREY_PATCH.y && y < GREY_PATCH.y + GREY_PATCH.size;
}

/** White-balance multipliers that a light of `cct` puts on linear sRGB, relative to D65, the largest 1. */
function castOf(cct: number): [number, number, number] {
  const { r, g, b } = xyz65ToLinear(whiteXyzOfCct(cct, cct < 4000 ? 'planckian' : 'daylight'));
  const largest = Math.max(r, g, b);
  return [r / largest, g / largest, b / largest];
}

/** The painted scene under a cast (linear multipliers), through a JPEG round trip like a real photo. */
async function photograph(paint: Paint, cast: readonly [number, number, number] = [1, 1, 1]): Promise<RgbImage> {
  const raw = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const colour = paint(x, y);
      for (let c = 0; c < 3; c++) {
        const linear = Math.min(1, SRGB8_LINEAR_TABLE[colour[c]!]! * cast[c]!);
        raw[(y * WIDTH + x) * 3 + c] = Math.round(255 * linearChannelToSrgb(linear));
      }
    }
  }
  const jpeg = await sharp(raw, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  return decodeImage(jpeg);
}

function greyPatchPixels(): Uint32Array {
  const pixels: number[] = [];
  // The patch's inside, away from JPEG ringing at its border.
  for (let y = GREY_PATCH.y + 8; y < GREY_PATCH.y + GREY_PATCH.size - 8; y++) {
    for (let x = GREY_PATCH.x + 8; x < GREY_PATCH.x + GREY_PATCH.size - 8; x++) pixels.push(y * WIDTH + x);
  }
  return Uint32Array.from(pixels);
}

function meanAb(image: RgbImage, gain = 1): { a: number; b: number } {
  const estimate = estimateIlluminant(image, FACE);
  const { lab, count } = pixelsToLab(image, greyPatchPixels(), adaptToD65(estimate, gain).matrix, 1.8);
  let a = 0;
  let b = 0;
  for (let i = 0; i < count; i++) {
    a += lab[3 * i + 1]!;
    b += lab[3 * i + 2]!;
  }
  return { a: a / count, b: b / count };
}

describe('estimateIlluminant', () => {
  it('finds daylight in a neutral scene and leaves it as it is', async () => {
    const image = await photograph(neutralScene);
    const estimate = estimateIlluminant(image, FACE);
    assert.ok(Math.abs(estimate.cct - 6504) < 300, `${estimate.cct} K`);
    assert.ok(estimate.confidence > 0.8, `confidence ${estimate.confidence}`);
    const { a, b } = meanAb(image);
    assert.ok(Math.hypot(a, b) < 1, `a* ${a}, b* ${b}`);
  });

  it('puts a warm (2700 K) cast below 5000 K and adapts a grey patch back to neutral', async () => {
    const image = await photograph(neutralScene, castOf(2700));
    const estimate = estimateIlluminant(image, FACE);
    assert.ok(estimate.cct < 5000, `${estimate.cct} K`);
    assert.ok(Math.abs(estimate.cct - 2700) < 300, `${estimate.cct} K`);
    assert.ok(estimate.confidence > 0.8, `confidence ${estimate.confidence}`);
    const before = meanAb(image, 1);
    // Unadapted, the patch is strongly orange; adapted, grey again.
    const unadapted = pixelsToLab(image, greyPatchPixels(), adaptToD65({ ...estimate, confidence: 0 }, 1).matrix, 1.8).lab;
    assert.ok(unadapted[2]! > 20, `unadapted b* ${unadapted[2]}`);
    assert.ok(Math.abs(before.a) < 2 && Math.abs(before.b) < 2, `a* ${before.a}, b* ${before.b}`);
  });

  it('puts a cool (9000 K) cast above 5000 K and adapts a grey patch back to neutral', async () => {
    const image = await photograph(neutralScene, castOf(9000));
    const estimate = estimateIlluminant(image, FACE);
    assert.ok(estimate.cct > 5000, `${estimate.cct} K`);
    assert.ok(Math.abs(estimate.cct - 9000) < 800, `${estimate.cct} K`);
    const { a, b } = meanAb(image);
    assert.ok(Math.abs(a) < 2 && Math.abs(b) < 2, `a* ${a}, b* ${b}`);
  });

  it('is not fooled by a coloured wall: only the grey things in front of it vote', async () => {
    // Three quarters of the photo a saturated orange wall; grey-world would call this ~2000 K.
    const wall: Paint = (x, y) => (x < 480 ? [235, 120, 40] : neutralScene(x, y));
    const estimate = estimateIlluminant(await photograph(wall), FACE);
    assert.ok(Math.abs(estimate.cct - 6504) < 500, `${estimate.cct} K`);
  });

  it('does not trust a photo with nothing grey in it, so it does not adapt', async () => {
    const colourful: Paint = (x, y) => {
      const hue = Math.floor(x / 160) + 4 * Math.floor(y / 240);
      const colours = [[220, 60, 50], [60, 170, 60], [200, 190, 40], [150, 60, 170], [230, 130, 50], [40, 160, 160], [180, 80, 110], [110, 170, 40]] as const;
      return colours[hue % colours.length]!;
    };
    const estimate = estimateIlluminant(await photograph(colourful), FACE);
    assert.ok(estimate.confidence < MIN_ADAPTATION_CONFIDENCE, `confidence ${estimate.confidence}, ${estimate.cct} K`);
    assert.equal(adaptToD65(estimate, 1).adapted, false);
  });

  it('reads the white level of the photo outside the face', async () => {
    const estimate = estimateIlluminant(await photograph(neutralScene), FACE);
    // The brightest tiles are sRGB 231-235: linear ~0.8.
    assert.ok(Math.abs(estimate.whiteLuminance - 0.8) < 0.05, `${estimate.whiteLuminance}`);
  });
});
