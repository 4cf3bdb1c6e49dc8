import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage } from './decode-image.ts';
import { isBlackAndWhite } from './is-black-and-white.ts';
import { FACE_PHOTOS, readTestPhoto } from '../testing/test-photos.ts';

describe('isBlackAndWhite', () => {
  it('calls every colour test photo colour, and its greyscale copy black and white', async () => {
    for (const { name } of FACE_PHOTOS) {
      const bytes = await readTestPhoto(name);
      assert.equal(isBlackAndWhite(await decodeImage(bytes)), false, name);
      // Saved as an RGB JPEG, as a phone's "mono" filter does: three equal channels.
      const grey = await sharp(bytes).greyscale().toColourspace('srgb').jpeg().toBuffer();
      assert.equal(isBlackAndWhite(await decodeImage(grey)), true, `${name} in greyscale`);
    }
  });

  it('calls a nearly grey photo with a little colour in it colour', async () => {
    const greyWithFace = await sharp(await sharp(await readTestPhoto('astronaut.jpg')).greyscale().toColourspace('srgb').png().toBuffer())
      .composite([{ input: await sharp(await readTestPhoto('ai-face.jpg')).resize(120).toBuffer(), left: 0, top: 0 }])
      .png()
      .toBuffer();
    assert.equal(isBlackAndWhite(await decodeImage(greyWithFace)), false);
  });
});
