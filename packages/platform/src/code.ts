/**
 * The gRPC status codes, with the same numbers as `@grpc/grpc-js`'s `status`,
 * so domain code can name a code without importing the transport.
 */
export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type Code = (typeof Code)[keyof typeof Code];

const names = new Map<number, string>(Object.entries(Code).map(([name, value]) => [value, name]));

/** "INVALID_ARGUMENT" for 3; "CODE_42" for a number no status has. */
export function codeName(code: number): string {
  return names.get(code) ?? `CODE_${code}`;
}
