import { Code, isUuid, ShineError } from '@shine/platform';

const subjectIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** A subject id is the caller's own identifier: 1-128 characters of letters, digits and `._:@-`. */
export function requireSubjectId(value: string, field = 'subject_id'): string {
  if (value === '') throw invalid(`${field} is required`);
  if (!subjectIdPattern.test(value)) {
    throw invalid(`${field} must be 1-128 letters, digits or . _ : @ - (starting with a letter or digit)`);
  }
  return value;
}

export function optionalSubjectId(value: string): string | undefined {
  return value === '' ? undefined : requireSubjectId(value);
}

export function requireAnalysisId(value: string): string {
  if (value === '') throw invalid('analysis_id is required');
  if (!isUuid(value)) throw invalid(`analysis_id must be a UUID such as 0193a1b2-…, got ${JSON.stringify(value.slice(0, 64))}`);
  return value.toLowerCase();
}

export function requirePhoto(image: Uint8Array, maxBytes: number): Uint8Array {
  if (image.length === 0) throw invalid('no photo was sent: put the image bytes in the image field', 'EMPTY_IMAGE');
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
