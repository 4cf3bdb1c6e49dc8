import sharp from 'sharp';
import { Code, ShineError } from '@shine/platform/errors';
import { wordList } from '@shine/platform/word-list';
import { isSrgbProfile } from './is-srgb-profile.ts';
import { readImageSize, type ImageSize } from './read-image-size.ts';
import type { RgbImage } from './rgb-image.ts';
import { sniffImageFormat, type SniffedFormat } from './sniff-image-format.ts';

/** The photo formats Shine reads, when this sharp build can decode them. */
export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'heic';

export interface DecodeImageOptions {
  /** Refuse images with more pixels than this, judged from the header before decoding. Default 40 MP. */
  readonly maxPixels?: number;
  readonly signal?: AbortSignal;
}

/** Upright sRGB pixels of a photo, plus what the decoder had to do to get them. */
export interface DecodedImage extends RgbImage {
  readonly format: PhotoFormat;
  /** The EXIF orientation said the pixels were stored turned or mirrored, and they were put upright. */
  readonly orientationApplied: boolean;
  /** The file carried an ICC profile; the pixels were converted from it to sRGB (a no-op when it was sRGB). */
  readonly hadIccProfile: boolean;
  /** The file had an alpha channel; it was flattened onto mid-grey. */
  readonly hadAlpha: boolean;
}

export const DEFAULT_MAX_PIXELS = 40_000_000;

/**
 * Transparent pixels become mid-grey: a neutral, mid-exposure background neither tints the
 * semi-transparent hair and skin edges nor pulls illuminant and exposure estimates the way white
 * (reads as over-exposure) or black would.
 */
const flattenBackground = { r: 128, g: 128, b: 128 };

const formatNames: Record<SniffedFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  avif: 'AVIF',
  heic: 'HEIC',
  gif: 'GIF',
  tiff: 'TIFF',
  bmp: 'BMP',
  jxl: 'JPEG XL',
  jp2: 'JPEG 2000',
  ico: 'icon (ICO)',
  psd: 'Photoshop (PSD)',
  svg: 'SVG',
  pdf: 'PDF',
  html: 'HTML',
  zip: 'ZIP',
  gzip: 'gzip',
  unknown: 'unknown',
};

/**
 * Turns uploaded bytes into upright, alpha-free, 8-bit sRGB pixels at full resolution, in one
 * decode. Everything that is not a photo we can read is refused with INVALID_ARGUMENT, a message
 * a person can act on, and a reason code.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const format = acceptedFormat(bytes);
  const headerSize = readImageSize(bytes, format);
  if (headerSize !== undefined) refuseOverLimit(headerSize, maxPixels);

  // 'error', not 'warning': stray bytes before a JPEG marker, as some cameras write, only warn
  // and decode whole; a file cut short is still an error.
  const input = { failOn: 'error', limitInputPixels: maxPixels } as const;
  const metadata = await sharp(bytes, input)
    .metadata()
    .catch((error: unknown) => {
      throw decoderRefusal(error, format, headerSize, maxPixels);
    });
  if (metadata.format !== sharpFormat(format)) {
    throw refusal(`this file claims to be ${formatNames[format]} but its contents are damaged or something else`, 'CORRUPT_IMAGE');
  }
  refuseOverLimit(metadata, maxPixels);
  if ((metadata.pages ?? 1) > 1) {
    throw refusal(`this ${formatNames[format]} file is an animation, not a photo; send a single still photo`, 'ANIMATED_IMAGE');
  }
  options.signal?.throwIfAborted();

  // An sRGB profile needs no conversion, and skipping lcms saves ~15 ns per pixel.
  const ignoreIcc = metadata.icc !== undefined && isSrgbProfile(metadata.icc);
  let pipeline = sharp(bytes, { ...input, ignoreIcc }).autoOrient();
  if (metadata.hasAlpha) pipeline = pipeline.flatten({ background: flattenBackground });
  const { data, info } = await pipeline
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      throw decoderRefusal(error, format, headerSize, maxPixels);
    });
  options.signal?.throwIfAborted();
  if (info.channels !== 3) {
    throw new ShineError(Code.INTERNAL, `decoding gave ${info.channels} channels instead of 3`);
  }
  return {
    width: info.width,
    height: info.height,
    rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    format,
    orientationApplied: (metadata.orientation ?? 1) !== 1,
    hadIccProfile: metadata.icc !== undefined,
    hadAlpha: metadata.hasAlpha,
  };
}

/** The photo formats this sharp build decodes from a buffer, in the order messages list them. */
export function supportedPhotoFormats(): PhotoFormat[] {
  const heif = sharp.format.heif.input;
  return [
    ...(['jpeg', 'png', 'webp'] as const).filter((format) => sharp.format[format].input.buffer),
    ...(heif.buffer ? (['avif'] as const) : []),
    // Prebuilt sharp decodes AV1 only; HEVC-coded HEIC needs a libvips built with libde265.
    ...(heif.buffer && (heif.fileSuffix ?? []).includes('.heic') ? (['heic'] as const) : []),
  ];
}

/** Sniffs the real format and refuses, by name, everything that is not a photo format we decode. */
function acceptedFormat(bytes: Uint8Array): PhotoFormat {
  if (bytes.length === 0) throw refusal('the file is empty (0 bytes)', 'EMPTY_FILE');
  const format = sniffImageFormat(bytes);
  const supported = supportedPhotoFormats();
  const accepted = supported.find((candidate) => candidate === format);
  if (accepted !== undefined) return accepted;
  const send = `send the photo as ${listNames(supported)}`;
  switch (format) {
    case 'unknown':
      throw refusal(`this file is not an image: its first bytes match no picture format; ${send}`, 'NOT_AN_IMAGE');
    case 'pdf':
      throw refusal('this file is a PDF, not a photo', 'NOT_AN_IMAGE');
    case 'html':
      throw refusal('this file is a web page (HTML), not a photo', 'NOT_AN_IMAGE');
    case 'zip':
    case 'gzip':
      throw refusal(`this file is a ${formatNames[format]} archive, not a photo`, 'NOT_AN_IMAGE');
    case 'svg':
      throw refusal(`this file is an SVG drawing, not a photo; ${send}`, 'UNSUPPORTED_FORMAT');
    case 'gif':
      throw refusal(`GIF files are not accepted: GIF animations and 256-colour images are not photos; ${send}`, 'UNSUPPORTED_FORMAT');
    case 'heic':
      throw refusal(`HEIC photos cannot be read here; ${send} (on an iPhone: Settings › Camera › Formats › Most Compatible)`, 'UNSUPPORTED_FORMAT');
    default:
      throw refusal(`${formatNames[format]} files are not accepted; ${send}`, 'UNSUPPORTED_FORMAT');
  }
}

function refuseOverLimit(size: ImageSize, maxPixels: number): void {
  const pixels = size.width * size.height;
  if (pixels > maxPixels) {
    throw refusal(
      `the image is ${size.width}×${size.height} = ${megapixels(pixels)} megapixels; the limit is ${megapixels(maxPixels)} megapixels`,
      'TOO_MANY_PIXELS',
    );
  }
  if (pixels === 0) throw refusal('the image has no pixels (its width or height is 0)', 'CORRUPT_IMAGE');
}

/** Translates a libvips failure into a refusal a person understands; the decoder's words stay in `cause`. */
function decoderRefusal(error: unknown, format: PhotoFormat, size: ImageSize | undefined, maxPixels: number): ShineError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(detail)) {
    const stated = size === undefined ? '' : ` (${size.width}×${size.height})`;
    return refusal(`the image${stated} is over the limit of ${megapixels(maxPixels)} megapixels`, 'TOO_MANY_PIXELS', error);
  }
  // A header that is itself cut short is damage, not a truncated upload.
  if (/premature end|truncated|unexpected end|not enough data|end of (file|stream)/i.test(detail) && !/corrupt header/i.test(detail)) {
    return refusal(`this ${formatNames[format]} file is cut short (truncated); upload the whole file again`, 'TRUNCATED_IMAGE', error);
  }
  if (/unsupported image format/i.test(detail)) {
    return refusal(`this file is not a readable ${formatNames[format]} image`, 'NOT_AN_IMAGE', error);
  }
  return refusal(`this ${formatNames[format]} file is damaged and cannot be decoded; export the photo again`, 'CORRUPT_IMAGE', error);
}

/** sharp names AVIF and HEIC both 'heif'. */
function sharpFormat(format: PhotoFormat): string {
  return format === 'avif' || format === 'heic' ? 'heif' : format;
}

function refusal(message: string, reason: string, cause?: unknown): ShineError {
  return new ShineError(Code.INVALID_ARGUMENT, message, cause === undefined ? { reason } : { reason, cause });
}

/** "400" for 4e8, "40.5" for 4.05e7: never rounds an over-limit count down onto the limit. */
function megapixels(pixels: number): string {
  return String(Math.round(pixels / 100_000) / 10);
}

function listNames(formats: readonly PhotoFormat[]): string {
  return wordList(formats.map((format) => formatNames[format]), 'or');
}
