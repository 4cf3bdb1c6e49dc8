import { parseGrpcTimeout } from '../timeout.ts';
import type { HttpStep } from './http-step.ts';

/** Reads the deadline a client asks for (`grpc-timeout`), refusing a malformed one before any body is read. */
export function grpcTimeoutStep(): HttpStep {
  return (next) => (request, response, exchange) => {
    const requested = parseGrpcTimeout(request.headers['grpc-timeout']);
    if (requested !== undefined) exchange.requestedTimeoutMs = requested;
    return next(request, response, exchange);
  };
}
