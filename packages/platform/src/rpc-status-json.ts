import { codeName } from './code.ts';
import { boundedMessage } from './quote-input.ts';

/** Domain of the ErrorInfo details Shine writes: reasons are Shine's own vocabulary. */
const errorDomain = 'shine.dev';

export interface StatusFields {
  code: number;
  message: string;
  /** Machine-readable reason (the `shine-reason` trailer or the gateway's own), sent as ErrorInfo. */
  reason: string | undefined;
  /** The request's id, sent as RequestInfo; left out where there is no request (a command-line run). */
  requestId?: string;
}

/**
 * A `google.rpc.Status` in its proto3 JSON form, as grpc-gateway writes errors and Shine's REST
 * API and command-line tools answer them: `{ "code": 3, "message": "...", "details": [ErrorInfo, RequestInfo] }`.
 */
export function statusJson(status: StatusFields): string {
  const details: object[] = [];
  if (status.reason) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: status.reason,
      domain: errorDomain,
      metadata: { code: codeName(status.code) },
    });
  }
  if (status.requestId !== undefined) details.push({ '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId: status.requestId, servingData: '' });
  return JSON.stringify({ code: status.code, message: boundedMessage(status.message), details });
}
