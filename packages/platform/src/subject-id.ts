import { Code } from './code.ts';
import { ShineError } from './shine-error.ts';

const subjectIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** A subject id is the caller's own identifier: 1-128 characters of letters, digits and `._:@-`. */
export function requireSubjectId(value: string, field = 'subjectId'): string {
  if (value === '') throw new ShineError(Code.INVALID_ARGUMENT, `${field} is required`, { reason: 'INVALID_REQUEST' });
  if (!subjectIdPattern.test(value)) {
    throw new ShineError(Code.INVALID_ARGUMENT, `${field} must be 1-128 letters, digits or . _ : @ - (starting with a letter or digit)`, { reason: 'INVALID_REQUEST' });
  }
  return value;
}

/** An optional subject id: empty means none (a guest). */
export function optionalSubjectId(value: string): string | undefined {
  return value === '' ? undefined : requireSubjectId(value);
}
