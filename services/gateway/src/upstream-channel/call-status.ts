import { constants, type IncomingHttpHeaders } from 'node:http2';
import { Metadata, status as grpcStatus, type StatusObject } from '@grpc/grpc-js';

/** What a failed call rejects with: the shape of a grpc-js status, so one error mapping serves both. */
export type CallStatus = StatusObject;

export function failure(code: grpcStatus, details: string, metadata = new Metadata()): CallStatus {
  return { code, details, metadata };
}

/**
 * A finished stream's status by the gRPC-over-HTTP/2 rules: from the trailers, or from the headers
 * of a trailers-only answer, else from the HTTP status (or the reset that ended it); undefined for OK.
 */
export function statusOfStream(headers: IncomingHttpHeaders, trailers: IncomingHttpHeaders | undefined, rstCode: number): CallStatus | undefined {
  const statusSource = trailers?.['grpc-status'] !== undefined ? trailers : headers['grpc-status'] !== undefined ? headers : undefined;
  if (statusSource === undefined) {
    const httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS]);
    if (httpStatus !== 200) return failure(codeForHttpStatus(httpStatus), `Received HTTP status code ${httpStatus}`);
    return failure(grpcStatus.INTERNAL, `Received RST_STREAM with code ${rstCode}`);
  }
  const code = Number(statusSource['grpc-status']) as grpcStatus;
  if (code === grpcStatus.OK) return undefined;
  const metadata = Metadata.fromHttp2Headers(statusSource);
  metadata.remove('grpc-status');
  metadata.remove('grpc-message');
  return failure(code, grpcMessage(statusSource['grpc-message']), metadata);
}

/** grpc-message is percent-encoded; a malformed one is shown as sent. */
function grpcMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The gRPC spec's mapping for a response without grpc-status. */
function codeForHttpStatus(httpStatus: number): grpcStatus {
  switch (httpStatus) {
    case 400:
      return grpcStatus.INTERNAL;
    case 401:
      return grpcStatus.UNAUTHENTICATED;
    case 403:
      return grpcStatus.PERMISSION_DENIED;
    case 404:
      return grpcStatus.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return grpcStatus.UNAVAILABLE;
    default:
      return grpcStatus.UNKNOWN;
  }
}
