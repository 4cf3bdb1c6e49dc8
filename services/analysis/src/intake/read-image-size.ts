import type { SniffedFormat } from './sniff-image-format.ts';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Reads the pixel dimensions straight from a PNG, JPEG or WebP header, without a decoder, so a
 * decompression bomb is refused even when its body is missing or the decoder would balk at it first.
 * Returns undefined when the header does not say (other formats, or a damaged header).
 */
export function readImageSize(bytes: Uint8Array, format: SniffedFormat): ImageSize | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (format) {
    case 'png':
      return pngSize(view);
    case 'jpeg':
      return jpegSize(view);
    case 'webp':
      return webpSize(view);
    default:
      return undefined;
  }
}

/** IHDR is always the first chunk: width and height are big-endian at bytes 16 and 20. */
function pngSize(view: DataView): ImageSize | undefined {
  if (view.byteLength < 24 || chunkType(view, 12) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Walks the marker segments up to the first start-of-frame (SOF0..SOF15 except DHT, JPG and DAC). */
function jpegSize(view: DataView): ImageSize | undefined {
  let offset = 2;
  while (offset + 9 <= view.byteLength) {
    if (view.getUint8(offset) !== 0xff) return undefined;
    const marker = view.getUint8(offset + 1);
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2; // segments without a length
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: view.getUint16(offset + 7), height: view.getUint16(offset + 5) };
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // scan data or end before any frame header
    offset += 2 + view.getUint16(offset + 2);
  }
  return undefined;
}

/** The first chunk after "WEBP": VP8X (extended), VP8L (lossless) or VP8 (lossy) each store the size differently. */
function webpSize(view: DataView): ImageSize | undefined {
  if (view.byteLength < 30) return undefined;
  switch (chunkType(view, 12)) {
    case 'VP8X':
      return { width: 1 + uint24le(view, 24), height: 1 + uint24le(view, 27) };
    case 'VP8L': {
      const bits = view.getUint32(21, true);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
    }
    case 'VP8 ':
      return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    default:
      return undefined;
  }
}

function chunkType(view: DataView, offset: number): string {
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
}

function uint24le(view: DataView, offset: number): number {
  return view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getUint8(offset + 2) << 16);
}
