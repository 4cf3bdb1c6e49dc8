import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { photoWithoutMetadata } from './photo-without-metadata.ts';

/** A small photo carrying what a phone writes: GPS position, camera, orientation, a comment. */
async function phonePhoto(format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  const pixels = sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 200, g: 150, b: 120 } } });
  return pixels
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .toFormat(format)
    .toBuffer();
}

describe('photoWithoutMetadata', () => {
  for (const format of ['jpeg', 'png', 'webp'] as const) {
    it(`keeps no EXIF (GPS, camera) from a ${format} and stores it upright`, async () => {
      const original = await phonePhoto(format);
      const before = await sharp(original).metadata();
      assert.ok(before.exif && before.exif.includes('PhoneMaker') && before.orientation === 6, 'the test photo carries EXIF');
      const stripped = await photoWithoutMetadata(original);
      const after = await sharp(stripped.bytes).metadata();
      assert.equal(after.exif, undefined);
      assert.equal(after.xmp, undefined);
      assert.equal(Buffer.from(stripped.bytes).includes('PhoneMaker'), false);
      assert.equal(Buffer.from(stripped.bytes).includes('GPS'), false);
      // Orientation 6 (turned 90°) applied: the 40×20 picture is stored 20×40.
      assert.deepEqual([after.width, after.height, after.orientation], [20, 40, undefined]);
      assert.equal(stripped.contentType, format === 'png' ? 'image/png' : 'image/jpeg');
    });
  }
});
