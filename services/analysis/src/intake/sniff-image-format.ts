/** What a file's first bytes say it is; 'unknown' when they match nothing we recognise. */
export type SniffedFormat =
  | 'jpeg'
  | 'png'
  | 'webp'
  | 'avif'
  | 'heic'
  | 'gif'
  | 'tiff'
  | 'bmp'
  | 'jxl'
  | 'jp2'
  | 'ico'
  | 'psd'
  | 'svg'
  | 'pdf'
  | 'html'
  | 'zip'
  | 'gzip'
  | 'unknown';

/**
 * Identifies a file from its magic bytes, before any decoder sees it, so that a refusal can name
 * what the file really is (a PDF, an SVG drawing) whatever its name or declared content type.
 */
export function sniffImageFormat(bytes: Uint8Array): SniffedFormat {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (ascii(bytes, 4, 4) === 'ftyp') return isoBrandFormat(bytes);
  if (ascii(bytes, 0, 4) === 'GIF8') return 'gif';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(bytes, 0, 2) === 'BM') return 'bmp';
  if (startsWith(bytes, [0xff, 0x0a]) || ascii(bytes, 4, 8) === 'JXL \r\n\x87\n') return 'jxl';
  if (ascii(bytes, 4, 8) === 'jP  \r\n\x87\n' || startsWith(bytes, [0xff, 0x4f, 0xff, 0x51])) return 'jp2';
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return 'ico';
  if (ascii(bytes, 0, 4) === '8BPS') return 'psd';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  return markupFormat(bytes);
}

/** AVIF and HEIC are both ISO-BMFF files; the major and compatible brands in `ftyp` tell them apart. */
function isoBrandFormat(bytes: Uint8Array): SniffedFormat {
  const boxSize = Math.min(readUint32(bytes, 0), bytes.length, 256);
  const brands: string[] = [];
  for (let offset = 8; offset + 4 <= boxSize; offset += 4) {
    if (offset !== 12) brands.push(ascii(bytes, offset, 4)); // bytes 12..15 are the minor version
  }
  if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return 'avif';
  if (brands.some((brand) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand))) return 'heic';
  return 'unknown';
}

/**
 * SVG and HTML are text, in UTF-8 or (with a byte-order mark) UTF-16: skip the mark and white
 * space, then look for the first tags in the first 16 KiB, which an editor's XML prologue,
 * comments and metadata can fill well past the first kilobyte.
 */
function markupFormat(bytes: Uint8Array): SniffedFormat {
  const encoding = startsWith(bytes, [0xff, 0xfe]) ? 'utf-16le' : startsWith(bytes, [0xfe, 0xff]) ? 'utf-16be' : 'utf-8';
  const head = new TextDecoder(encoding, { fatal: false }).decode(bytes.subarray(0, 16 * 1024)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (!head.startsWith('<')) return 'unknown';
  if (head.includes('<svg')) return 'svg';
  if (head.startsWith('<!doctype html') || head.includes('<html')) return 'html';
  return 'unknown';
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (bytes.length < offset + length) return '';
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function readUint32(bytes: Uint8Array, offset: number): number {
  if (bytes.length < offset + 4) return 0;
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}
