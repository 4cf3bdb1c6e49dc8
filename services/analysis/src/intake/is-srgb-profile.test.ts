import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { isSrgbProfile } from './is-srgb-profile.ts';
import { readTestPhoto } from '../testing/test-photos.ts';

async function embeddedProfile(bytes: Buffer): Promise<Buffer> {
  const { icc } = await sharp(bytes).metadata();
  assert.ok(icc !== undefined, 'the image carries no ICC profile');
  return icc;
}

const withProfile = (profile: string) =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 200, g: 120, b: 90 } } }).withIccProfile(profile).jpeg().toBuffer();

describe('isSrgbProfile', () => {
  it('recognises the HP "sRGB IEC61966-2.1" profile cameras embed (curve table)', async () => {
    assert.equal(isSrgbProfile(await embeddedProfile(await readTestPhoto('group-1.jpg'))), true);
  });

  it("recognises libvips' own compact sRGB profile", async () => {
    assert.equal(isSrgbProfile(await embeddedProfile(await withProfile('srgb'))), true);
  });

  it('rejects Display P3 (sRGB tone curve, wider primaries)', async () => {
    assert.equal(isSrgbProfile(await embeddedProfile(await withProfile('p3'))), false);
  });

  it('rejects a CMYK profile', async () => {
    assert.equal(isSrgbProfile(await embeddedProfile(await withProfile('cmyk'))), false);
  });

  it('rejects bytes that are not a profile', () => {
    assert.equal(isSrgbProfile(new Uint8Array(0)), false);
    assert.equal(isSrgbProfile(new Uint8Array(400).fill(0xff)), false);
  });
});
