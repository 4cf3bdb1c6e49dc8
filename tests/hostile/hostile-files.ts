// Files no honest camera makes, built in memory: broken, bomb-shaped, lying about their size or
// kind, or carrying odd metadata. Each builder is small and says what it imitates.
import { once } from 'node:events';
import { createDeflate, deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer, crc?: number): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const check = Buffer.alloc(4);
  check.writeUInt32BE(crc ?? crc32(typed));
  return Buffer.concat([length, typed, check]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG whose header declares `width`×`height` (colour type 2, RGB), with `idat` as its compressed data. */
export function png(width: number, height: number, idat: Buffer, options: { badCrc?: boolean } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header, options.badCrc ? 0xdeadbeef : undefined), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A flat grey-brown `size`×`size` PNG: a valid colour image with no face in it. */
export function plainPng(size = 64): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0)]);
  for (let x = 0; x < size; x += 1) row.set([150, 120, 100], 1 + x * 3);
  return png(size, size, deflateSync(Buffer.concat(Array.from({ length: size }, () => row))));
}

/**
 * A decompression bomb: a few hundred KB that inflate to `width`×`height` RGB pixels of zeros
 * (10 000² is 300 MB of pixels), deflated as a stream so this process never holds them.
 */
export async function pngBomb(width: number, height: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
  const ended = once(deflate, 'end');
  const rows = Buffer.alloc((1 + width * 3) * 16);
  for (let row = 0; row < height; row += 16) {
    if (!deflate.write(rows)) await once(deflate, 'drain');
  }
  deflate.end();
  await ended;
  return png(width, height, Buffer.concat(compressed));
}

/** The start of a JPEG: SOI, then a baseline frame header (SOF0) claiming `width`×`height`, and nothing more. */
export function jpegClaiming(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from([0xff, 0xd9])]);
}

/** `jpeg` with its frame header's dimensions rewritten: a real photo that lies about its size. */
export function jpegWithDimensions(jpeg: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(jpeg);
  for (let at = 2; at < copy.length - 9; ) {
    if (copy[at] !== 0xff) break;
    const marker = copy[at + 1]!;
    const length = copy.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xc2) {
      copy.writeUInt16BE(height, at + 5);
      copy.writeUInt16BE(width, at + 7);
      return copy;
    }
    at += 2 + length;
  }
  throw new Error('no frame header found in the JPEG');
}

/** `jpeg` with `segments` inserted right after its SOI marker. */
export function jpegWithSegments(jpeg: Buffer, segments: readonly Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** An APPn segment (marker 0xFFE0 + n) holding `data` (at most 65 533 bytes). */
export function appSegment(n: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, 0xe0 + n, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/** A COM (comment) segment: where a JPEG/HTML polyglot keeps its markup. */
export function commentSegment(text: string): Buffer {
  const data = Buffer.from(text, 'latin1');
  const head = Buffer.from([0xff, 0xfe, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/**
 * An EXIF APP1 segment (little-endian TIFF) with IFD0 entries given as [tag, type, count, value]
 * of SHORT/LONG values, and, when `gps` is set, a GPS IFD with a latitude and longitude.
 */
export function exifSegment(entries: ReadonlyArray<[tag: number, type: 3 | 4, value: number]>, gps?: { latitude: number; longitude: number }): Buffer {
  const all = [...entries];
  const gpsPointerTag = 0x8825;
  if (gps) all.push([gpsPointerTag, 4, 0]);
  all.sort((a, b) => a[0] - b[0]);
  const ifd0At = 8;
  const ifd0Size = 2 + all.length * 12 + 4;
  const gpsAt = ifd0At + ifd0Size;
  const gpsEntries = 4;
  const gpsSize = 2 + gpsEntries * 12 + 4;
  const rationalsAt = gpsAt + gpsSize;
  const tiff = Buffer.alloc(rationalsAt + (gps ? 48 : 0));
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(ifd0At, 4);
  tiff.writeUInt16LE(all.length, ifd0At);
  all.forEach(([tag, type, value], index) => {
    const at = ifd0At + 2 + index * 12;
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(1, at + 4);
    if (tag === gpsPointerTag) tiff.writeUInt32LE(gpsAt, at + 8);
    else if (type === 3) tiff.writeUInt16LE(value, at + 8);
    else tiff.writeUInt32LE(value, at + 8);
  });
  if (gps) {
    tiff.writeUInt16LE(gpsEntries, gpsAt);
    const entry = (index: number, tag: number, type: number, count: number, value: number | string) => {
      const at = gpsAt + 2 + index * 12;
      tiff.writeUInt16LE(tag, at);
      tiff.writeUInt16LE(type, at + 2);
      tiff.writeUInt32LE(count, at + 4);
      if (typeof value === 'string') tiff.write(value, at + 8, 'latin1');
      else tiff.writeUInt32LE(value, at + 8);
    };
    entry(0, 1, 2, 2, 'N');
    entry(1, 2, 5, 3, rationalsAt);
    entry(2, 3, 2, 2, 'E');
    entry(3, 4, 5, 3, rationalsAt + 24);
    const degrees = (at: number, value: number) => {
      const whole = Math.floor(value);
      const minutes = Math.floor((value - whole) * 60);
      const seconds = Math.round(((value - whole) * 60 - minutes) * 60 * 100);
      [whole, 1, minutes, 1, seconds, 100].forEach((part, index) => tiff.writeUInt32LE(part, at + index * 4));
    };
    degrees(rationalsAt, gps.latitude);
    degrees(rationalsAt + 24, gps.longitude);
  }
  return appSegment(1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
}

/** A minimal ZIP (one stored file): appended to an image, the classic GIFAR/JAR polyglot. */
export function zipWith(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const localSize = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(localSize, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

/** A GIF89a header and a 1×1 image: enough for a sniffer to call it a GIF. */
export function tinyGif(): Buffer {
  return Buffer.from('47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b', 'hex');
}
