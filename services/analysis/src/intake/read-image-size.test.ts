import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { readImageSize } from './read-image-size.ts';
import { readTestPhoto } from '../testing/test-photos.ts';

const image = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } });

describe('readImageSize', () => {
  it('reads PNG and JPEG headers', async () => {
    assert.deepEqual(readImageSize(await image(321, 123).png().toBuffer(), 'png'), { width: 321, height: 123 });
    assert.deepEqual(readImageSize(await image(321, 123).jpeg().toBuffer(), 'jpeg'), { width: 321, height: 123 });
  });

  it('finds the frame header behind EXIF and ICC segments', async () => {
    assert.deepEqual(readImageSize(await readTestPhoto('group-1.jpg'), 'jpeg'), { width: 1920, height: 1280 });
  });

  it('reads the three kinds of WebP: lossy (VP8), lossless (VP8L) and extended (VP8X)', async () => {
    assert.deepEqual(readImageSize(await image(321, 123).webp().toBuffer(), 'webp'), { width: 321, height: 123 });
    assert.deepEqual(readImageSize(await image(321, 123).webp({ lossless: true }).toBuffer(), 'webp'), { width: 321, height: 123 });
    const extended = await image(321, 123, 4).webp().withIccProfile('srgb').toBuffer();
    assert.equal(Buffer.from(extended).toString('latin1', 12, 16), 'VP8X');
    assert.deepEqual(readImageSize(extended, 'webp'), { width: 321, height: 123 });
  });

  it('says nothing for formats it does not parse or headers it cannot trust', async () => {
    assert.equal(readImageSize(await image(8, 8).avif().toBuffer(), 'avif'), undefined);
    assert.equal(readImageSize(new Uint8Array([0xff, 0xd8, 0xff]), 'jpeg'), undefined);
    assert.equal(readImageSize(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'png'), undefined);
  });
});
