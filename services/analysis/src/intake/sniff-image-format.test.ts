import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { sniffImageFormat } from './sniff-image-format.ts';

const image = () => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 10, g: 20, b: 30 } } });
const text = (value: string) => new TextEncoder().encode(value);

describe('sniffImageFormat', () => {
  it('knows the photo formats by their magic bytes, whatever the file is called', async () => {
    assert.equal(sniffImageFormat(await image().jpeg().toBuffer()), 'jpeg');
    assert.equal(sniffImageFormat(await image().png().toBuffer()), 'png');
    assert.equal(sniffImageFormat(await image().webp().toBuffer()), 'webp');
    assert.equal(sniffImageFormat(await image().avif().toBuffer()), 'avif');
    assert.equal(sniffImageFormat(await image().gif().toBuffer()), 'gif');
    assert.equal(sniffImageFormat(await image().tiff().toBuffer()), 'tiff');
  });

  it('tells HEIC from AVIF by the ISO-BMFF brands', () => {
    const ftyp = (brands: string) => new Uint8Array([0, 0, 0, 8 + brands.length, ...text(`ftyp${brands}`)]);
    assert.equal(sniffImageFormat(ftyp('heic\0\0\0\0mif1heic')), 'heic');
    assert.equal(sniffImageFormat(ftyp('mif1\0\0\0\0mif1avif')), 'avif');
    assert.equal(sniffImageFormat(ftyp('isom\0\0\0\0isommp41')), 'unknown');
  });

  it('names documents and drawings that people upload by mistake', () => {
    assert.equal(sniffImageFormat(text('%PDF-1.4')), 'pdf');
    assert.equal(sniffImageFormat(text('\uFEFF  <?xml version="1.0"?><!-- x --><svg xmlns="http://www.w3.org/2000/svg"/>')), 'svg');
    assert.equal(sniffImageFormat(text('<!DOCTYPE html><html></html>')), 'html');
    // An editor's prologue can run past the first kilobyte; some tools write UTF-16.
    const longPrologue = `<?xml version="1.0"?><!-- ${'metadata '.repeat(400)} --><svg xmlns="http://www.w3.org/2000/svg"/>`;
    assert.equal(sniffImageFormat(text(longPrologue)), 'svg');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?><svg/>', 'utf16le')]);
    assert.equal(sniffImageFormat(utf16), 'svg');
    assert.equal(sniffImageFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0])), 'zip');
  });

  it('calls anything else unknown, including almost-magic prefixes', () => {
    assert.equal(sniffImageFormat(new Uint8Array(0)), 'unknown');
    assert.equal(sniffImageFormat(new Uint8Array([0xff, 0xd8])), 'unknown');
    assert.equal(sniffImageFormat(text('hello, world')), 'unknown');
  });
});
