import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp, { type Sharp } from 'sharp';
import type { Box } from '../faces/face-geometry.ts';
import { judgeSharpness } from './judge-sharpness.ts';
import { QUALITY_THRESHOLDS } from './quality-warnings.ts';
import type { RgbImage } from '../intake/rgb-image.ts';
import { testPhotoPath } from '../testing/test-photos.ts';

// Face boxes as BlazeFace finds them in the shared test photos (rounded).
const ASTRONAUT_FACE: Box = { x: 173, y: 75, width: 104, height: 104 };
const GROUP_6_FACE: Box = { x: 1466, y: 312, width: 247, height: 247 };

async function load(name: string, edit: (image: Sharp) => Sharp = (image) => image): Promise<RgbImage> {
  const { data, info } = await edit(sharp(testPhotoPath(name)).removeAlpha()).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

describe('judgeSharpness', () => {
  it('scores a face far lower after a Gaussian blur of σ 4, below the blur threshold', async () => {
    for (const [name, box] of [['astronaut.png', ASTRONAUT_FACE], ['group-6.jpg', GROUP_6_FACE]] as const) {
      const sharpScore = judgeSharpness(await load(name), box).sharpness;
      const blurred = judgeSharpness(await load(name, (image) => image.blur(4)), box).sharpness;
      assert.ok(sharpScore > 2 * QUALITY_THRESHOLDS.minSharpness, `${name}: ${sharpScore}`);
      assert.ok(blurred < QUALITY_THRESHOLDS.minSharpness, `${name} blurred: ${blurred}`);
      assert.ok(blurred < sharpScore / 5);
    }
  });

  it('judges a large face at 128 px, so the same face at half the size scores about the same', async () => {
    const full = judgeSharpness(await load('group-6.jpg'), GROUP_6_FACE);
    const half = judgeSharpness(
      await load('group-6.jpg', (image) => image.resize({ width: 960 })),
      { x: GROUP_6_FACE.x / 2, y: GROUP_6_FACE.y / 2, width: GROUP_6_FACE.width / 2, height: GROUP_6_FACE.height / 2 },
    );
    assert.equal(full.judgedWidth, 128);
    assert.ok(half.judgedWidth <= 128);
    assert.ok(half.sharpness / full.sharpness > 0.5 && half.sharpness / full.sharpness < 2, `${full.sharpness} vs ${half.sharpness}`);
  });

  it('does not call a darker face blurrier: the score ignores exposure', async () => {
    const normal = judgeSharpness(await load('astronaut.png'), ASTRONAUT_FACE).sharpness;
    const darker = judgeSharpness(await load('astronaut.png', (image) => image.linear(0.4, 0)), ASTRONAUT_FACE).sharpness;
    assert.ok(Math.abs(darker / normal - 1) < 0.15, `${normal} vs ${darker}`);
  });

  it('scores a face box outside the image as not sharp rather than failing', async () => {
    const reading = judgeSharpness(await load('astronaut.png'), { x: 600, y: 600, width: 50, height: 50 });
    assert.equal(reading.sharpness, 0);
  });
});
