import { Code } from '@shine/platform';

/**
 * The HTTP status for a gRPC code, as google/rpc/code.proto and grpc-gateway map them.
 * 499 is nginx's "client closed request": the caller went away before the answer.
 */
export function httpStatusFromCode(code: number): number {
  switch (code) {
    case Code.OK:
      return 200;
    case Code.CANCELLED:
      return 499;
    case Code.INVALID_ARGUMENT:
    case Code.FAILED_PRECONDITION:
    case Code.OUT_OF_RANGE:
      return 400;
    case Code.DEADLINE_EXCEEDED:
      return 504;
    case Code.NOT_FOUND:
      return 404;
    case Code.ALREADY_EXISTS:
    case Code.ABORTED:
      return 409;
    case Code.PERMISSION_DENIED:
      return 403;
    case Code.UNAUTHENTICATED:
      return 401;
    case Code.RESOURCE_EXHAUSTED:
      return 429;
    case Code.UNIMPLEMENTED:
      return 501;
    case Code.UNAVAILABLE:
      return 503;
    default:
      // UNKNOWN, INTERNAL, DATA_LOSS and codes no status has.
      return 500;
  }
}

/** Reasons the gateway gives its own refusals where HTTP has a more precise status than the code. */
const statusByReason: Readonly<Record<string, number>> = {
  PAYLOAD_TOO_LARGE: 413,
  BODY_TOO_SLOW: 408,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
};

/** The HTTP status for an error: the reason when it names one, else the code. */
export function httpStatusOf(code: number, reason: string | undefined): number {
  return (reason && statusByReason[reason]) || httpStatusFromCode(code);
}
