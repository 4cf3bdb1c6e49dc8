import { Code, ShineError } from '@shine/platform';

const unitMs: Readonly<Record<string, number>> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 0.001, n: 0.000_001 };

/**
 * The timeout a client asks for in a `grpc-timeout` header ("250m", "5S"; the gRPC over HTTP/2
 * format: up to 8 digits and a unit), in milliseconds; undefined when it sent none.
 */
export function parseGrpcTimeout(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? /^(\d{1,8})([HMSmun])$/.exec(header) : null;
  if (!match) {
    throw new ShineError(Code.INVALID_ARGUMENT, 'grpc-timeout must be up to 8 digits and a unit (H, M, S, m, u or n), e.g. "500m"', {
      reason: 'INVALID_TIMEOUT',
    });
  }
  return Number(match[1]) * unitMs[match[2]!]!;
}

export interface TimeoutPolicy {
  /** Default for unary routes. */
  unaryMs: number;
  /** Default for server-streaming routes, which live as long as the client watches. */
  streamMs: number;
  /** Ceiling on what a client may ask for. */
  maxMs: number;
  /** Per-route defaults by gRPC method ("shine.analysis.v1.AnalysisService/AnalyzeImage" or "AnalyzeImage"). */
  perMethodMs: ReadonlyMap<string, number>;
}

/** The deadline (epoch ms) for a call: the client's grpc-timeout, capped, or the route's default. */
export function deadlineFor(policy: TimeoutPolicy, grpcPath: string, methodName: string, streaming: boolean, requested: number | undefined, now: number): number {
  const routeDefault = policy.perMethodMs.get(grpcPath.slice(1)) ?? policy.perMethodMs.get(methodName) ?? (streaming ? policy.streamMs : policy.unaryMs);
  return now + Math.min(requested ?? routeDefault, policy.maxMs);
}
