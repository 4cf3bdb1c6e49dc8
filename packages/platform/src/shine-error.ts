import { Code, codeName } from './code.ts';

/**
 * The one error type Shine code throws on purpose: a gRPC code plus a message a person can act on.
 * Anything else that reaches the server boundary is reported to clients as INTERNAL without details.
 */
export class ShineError extends Error {
  override name = 'ShineError';
  readonly code: Code;
  /** Machine-readable reason, e.g. "NOT_AN_IMAGE"; travels as trailing metadata. */
  readonly reason: string | undefined;

  constructor(code: Code, message: string, options: { reason?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.reason = options.reason;
  }

  /** Wraps anything caught: a ShineError stays as it is, an AbortError becomes CANCELLED, the rest INTERNAL. */
  static from(error: unknown): ShineError {
    if (error instanceof ShineError) return error;
    if (error instanceof Error && error.name === 'AbortError') {
      return new ShineError(Code.CANCELLED, 'the call was cancelled', { cause: error });
    }
    return new ShineError(Code.INTERNAL, 'internal error', { cause: error });
  }

  override toString(): string {
    return `${codeName(this.code)}: ${this.message}`;
  }
}
