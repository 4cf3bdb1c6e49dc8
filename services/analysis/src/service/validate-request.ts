import { Code, isUuid, quoteInput, ShineError } from '@shine/platform';

export function requireAnalysisId(value: string): string {
  if (value === '') throw invalid('analysisId is required');
  if (!isUuid(value)) throw invalid(`analysisId must be a UUID such as 0193a1b2-…, got ${quoteInput(value)}`);
  return value.toLowerCase();
}

export function requirePhoto(image: Uint8Array, maxBytes: number): Uint8Array {
  if (image.length === 0) throw invalid('no photo: the image field is missing or empty (0 bytes); send the photo\'s bytes in it', 'EMPTY_IMAGE');
  if (image.length > maxBytes) {
    throw invalid(`the photo is ${megabytes(image.length)}; the limit is ${megabytes(maxBytes)}`, 'IMAGE_TOO_LARGE');
  }
  return image;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function invalid(message: string, reason = 'INVALID_REQUEST'): ShineError {
  return new ShineError(Code.INVALID_ARGUMENT, message, { reason });
}
