import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { Code, ShineError } from '@shine/platform';
import { decodeImage, type DecodedImage } from './decode-image.ts';
import { readTestPhoto } from '../testing/test-photos.ts';

type Sharp = ReturnType<typeof sharp>;

const solid = (r: number, g: number, b: number, width = 8, height = 8) =>
  sharp({ create: { width, height, channels: 3, background: { r, g, b } } });

function pixel(image: DecodedImage, x: number, y: number): number[] {
  const p = (y * image.width + x) * 3;
  return Array.from(image.rgb.subarray(p, p + 3));
}

function assertClose(actual: number[], expected: number[], tolerance: number): void {
  assert.ok(
    actual.every((value, index) => Math.abs(value - expected[index]!) <= tolerance),
    `${JSON.stringify(actual)} is not within ±${tolerance} of ${JSON.stringify(expected)}`,
  );
}

/** A PNG that is only its signature and IHDR chunk, announcing width × height without any pixel data. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const typeAndData = Buffer.concat([Buffer.from('IHDR'), ihdr]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(ihdr.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), length, typeAndData, crc]);
}

/** Deterministic noise that starts with no known magic number. */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  bytes[0] = 0x42;
  bytes[1] = 0x00;
  return bytes;
}

async function refusalOf(bytes: Uint8Array, options = {}): Promise<ShineError> {
  try {
    await decodeImage(bytes, options);
  } catch (error) {
    assert.ok(error instanceof ShineError, `expected a ShineError, got ${String(error)}`);
    assert.equal(error.code, Code.INVALID_ARGUMENT);
    return error;
  }
  assert.fail('the input was accepted');
}

describe('decodeImage', () => {
  it('decodes a JPEG into packed 8-bit RGB at full resolution', async () => {
    const image = await decodeImage(await readTestPhoto('astronaut.jpg'));
    assert.equal(image.format, 'jpeg');
    assert.equal(image.width, 512);
    assert.equal(image.height, 512);
    assert.equal(image.rgb.length, 512 * 512 * 3);
    assert.equal(image.orientationApplied, false);
    assert.equal(image.hadAlpha, false);
  });

  for (const [format, encode, tolerance] of [
    ['png', (s: Sharp) => s.png(), 0],
    ['webp', (s: Sharp) => s.webp({ lossless: true }), 0],
    ['avif', (s: Sharp) => s.avif({ lossless: true }), 2],
    ['jpeg', (s: Sharp) => s.jpeg({ quality: 95 }), 3],
  ] as const) {
    it(`reads ${format}`, async () => {
      const image = await decodeImage(await encode(solid(200, 120, 90, 16, 12)).toBuffer());
      assert.equal(image.format, format);
      assert.deepEqual([image.width, image.height], [16, 12]);
      assertClose(pixel(image, 5, 5), [200, 120, 90], tolerance);
    });
  }

  it('reads a JPEG with stray bytes before a marker, a quirk some cameras write', async () => {
    const jpeg = await readTestPhoto('astronaut.jpg');
    const scan = jpeg.indexOf(Buffer.from([0xff, 0xda]));
    const quirky = Buffer.concat([jpeg.subarray(0, scan), Buffer.from([0, 0]), jpeg.subarray(scan)]);
    const [clean, read] = [await decodeImage(jpeg), await decodeImage(quirky)];
    assert.deepEqual([read.width, read.height], [clean.width, clean.height]);
    assert.ok(Buffer.from(read.rgb).equals(Buffer.from(clean.rgb)), 'the same pixels');
  });

  it('turns a photo upright from its EXIF orientation', async () => {
    const upright = await decodeImage(await readTestPhoto('astronaut.png'));
    // Orientation 6 says "rotate 90° clockwise to display", so store the pixels turned the other way.
    const stored = await sharp(await readTestPhoto('astronaut.png')).rotate(270).withMetadata({ orientation: 6 }).png().toBuffer();
    const image = await decodeImage(stored);
    assert.equal(image.orientationApplied, true);
    assert.deepEqual([image.width, image.height], [upright.width, upright.height]);
    assert.deepEqual(pixel(image, 100, 40), pixel(upright, 100, 40));
    assert.deepEqual(pixel(image, 400, 300), pixel(upright, 400, 300));
  });

  it('converts an embedded Display P3 profile to sRGB', async () => {
    const skin = [200, 120, 90];
    const red = [255, 0, 0];
    const p3 = await sharp({
      create: { width: 2, height: 1, channels: 3, background: { r: 0, g: 0, b: 0 } },
    })
      .composite([
        { input: { create: { width: 1, height: 1, channels: 3, background: { r: skin[0]!, g: skin[1]!, b: skin[2]! } } }, left: 0, top: 0 },
        { input: { create: { width: 1, height: 1, channels: 3, background: { r: red[0]!, g: red[1]!, b: red[2]! } } }, left: 1, top: 0 },
      ])
      .withIccProfile('p3')
      .png()
      .toBuffer();
    // The stored numbers are P3 numbers: read as if sRGB they would be off by ~10 levels.
    const storedValues = Array.from(await sharp(p3, { ignoreIcc: true }).raw().toBuffer());
    assert.ok(Math.abs(storedValues[0]! - skin[0]!) >= 8, `stored ${JSON.stringify(storedValues)}`);

    const image = await decodeImage(p3);
    assert.equal(image.hadIccProfile, true);
    assertClose(pixel(image, 0, 0), skin, 1);
    assertClose(pixel(image, 1, 0), red, 1);
  });

  it('gives the same pixels for an embedded sRGB profile as a full ICC conversion would', async () => {
    const bytes = await readTestPhoto('group-1.jpg'); // carries the HP "sRGB IEC61966-2.1" profile
    const image = await decodeImage(bytes);
    assert.equal(image.hadIccProfile, true);
    const converted = await sharp(bytes).toColourspace('srgb').raw().toBuffer();
    assert.deepEqual(Buffer.from(image.rgb), converted);
  });

  it('flattens transparency onto mid-grey', async () => {
    const rgba = await sharp({ create: { width: 3, height: 1, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([
        { input: { create: { width: 1, height: 1, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }, left: 1, top: 0 },
        { input: { create: { width: 1, height: 1, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }, left: 2, top: 0 },
      ])
      .png()
      .toBuffer();
    const image = await decodeImage(rgba);
    assert.equal(image.hadAlpha, true);
    assert.equal(image.rgb.length, 3 * 3);
    assertClose(pixel(image, 0, 0), [128, 128, 128], 0);
    assertClose(pixel(image, 1, 0), [255, 0, 0], 0);
    assertClose(pixel(image, 2, 0), [191, 64, 64], 1);
  });

  it('gives 3 channels of 8 bits for greyscale, 16-bit and CMYK input', async () => {
    const inputs = [
      await solid(200, 120, 90).greyscale().png().toBuffer(),
      await solid(200, 120, 90).toColourspace('rgb16').png().toBuffer(),
      await solid(200, 120, 90).toColourspace('cmyk').jpeg().toBuffer(),
    ];
    for (const input of inputs) {
      const image = await decodeImage(input);
      assert.equal(image.rgb.length, image.width * image.height * 3);
    }
    const sixteenBit = await decodeImage(inputs[1]!);
    assertClose(pixel(sixteenBit, 0, 0), [200, 120, 90], 1);
  });

  it('stops when the caller has given up', async () => {
    const bytes = await readTestPhoto('astronaut.jpg');
    await assert.rejects(decodeImage(bytes, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });

  describe('refuses, with a message a person understands', () => {
    it('an empty file', async () => {
      const error = await refusalOf(new Uint8Array(0));
      assert.equal(error.reason, 'EMPTY_FILE');
      assert.equal(error.message, 'the file is empty (0 bytes)');
    });

    it('random bytes', async () => {
      const error = await refusalOf(noise(4096));
      assert.equal(error.reason, 'NOT_AN_IMAGE');
      // What to send instead, as every other refusal of a format says.
      assert.match(error.message, /^this file is not an image: its first bytes match no picture format; send the photo as JPEG, PNG, WebP/);
    });

    it('a truncated JPEG', async () => {
      const jpeg = await readTestPhoto('astronaut.jpg');
      const error = await refusalOf(jpeg.subarray(0, Math.floor(jpeg.length / 2)));
      assert.equal(error.reason, 'TRUNCATED_IMAGE');
      assert.equal(error.message, 'this JPEG file is cut short (truncated); upload the whole file again');
    });

    it('a 20000×20000 PNG, from its header alone', async () => {
      const error = await refusalOf(pngHeaderOnly(20_000, 20_000));
      assert.equal(error.reason, 'TOO_MANY_PIXELS');
      assert.equal(error.message, 'the image is 20000×20000 = 400 megapixels; the limit is 40 megapixels');
    });

    it('a real photo over a configured pixel limit', async () => {
      const error = await refusalOf(await readTestPhoto('astronaut.jpg'), { maxPixels: 100_000 });
      assert.equal(error.reason, 'TOO_MANY_PIXELS');
      assert.equal(error.message, 'the image is 512×512 = 0.3 megapixels; the limit is 0.1 megapixels');
    });

    it('an SVG drawing', async () => {
      const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
      const error = await refusalOf(Buffer.from(svg));
      assert.equal(error.reason, 'UNSUPPORTED_FORMAT');
      assert.match(error.message, /^this file is an SVG drawing, not a photo; send the photo as JPEG, PNG, WebP or AVIF/);
    });

    it('a PDF', async () => {
      const error = await refusalOf(Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'));
      assert.equal(error.reason, 'NOT_AN_IMAGE');
      assert.equal(error.message, 'this file is a PDF, not a photo');
    });

    it('a GIF, still or animated', async () => {
      const frame = (level: number) => solid(level, level, level).png().toBuffer();
      const still = await solid(200, 120, 90).gif().toBuffer();
      const animated = await sharp([await frame(10), await frame(200)], { join: { animated: true } }).gif().toBuffer();
      for (const gif of [still, animated]) {
        const error = await refusalOf(gif);
        assert.equal(error.reason, 'UNSUPPORTED_FORMAT');
        assert.match(error.message, /GIF animations and 256-colour images are not photos/);
      }
    });

    it('an animated WebP', async () => {
      const frame = (level: number) => solid(level, level, level).png().toBuffer();
      const webp = await sharp([await frame(10), await frame(200)], { join: { animated: true } }).webp().toBuffer();
      const error = await refusalOf(webp);
      assert.equal(error.reason, 'ANIMATED_IMAGE');
      assert.equal(error.message, 'this WebP file is an animation, not a photo; send a single still photo');
    });

    it('TIFF, HEIC and HTML, naming what they are', async () => {
      const heicHeader = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic')]);
      const cases = [
        [await solid(1, 2, 3).tiff().toBuffer(), 'UNSUPPORTED_FORMAT', /^TIFF files are not accepted/],
        [heicHeader, 'UNSUPPORTED_FORMAT', /^HEIC photos cannot be read here/],
        [Buffer.from('<!DOCTYPE html><html><body>hello</body></html>'), 'NOT_AN_IMAGE', /^this file is a web page \(HTML\), not a photo$/],
      ] as const;
      for (const [bytes, reason, message] of cases) {
        const error = await refusalOf(bytes);
        assert.equal(error.reason, reason);
        assert.match(error.message, message);
      }
    });

    it('a file whose header claims JPEG but whose body is garbage', async () => {
      const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), noise(2048)]);
      const error = await refusalOf(fake);
      assert.equal(error.reason, 'CORRUPT_IMAGE');
      assert.equal(error.message, 'this JPEG file is damaged and cannot be decoded; export the photo again');
    });
  });
});
