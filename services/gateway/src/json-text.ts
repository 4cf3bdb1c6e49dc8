import type { JsonValue } from '@bufbuild/protobuf';

// Integers of 16 or more digits may be past 2^53; shorter ones never are.
const longInteger = /\d{16}/;
const integerText = /^-?\d+$/;

/**
 * JSON.parse that keeps integers JavaScript numbers cannot hold exactly (past 2^53) as their
 * digits, as Go's json.Number does for grpc-gateway: the JSON mapping reads an int64 from a
 * string, so `{"id": 9007199254740993}` reaches the service as 9007199254740993, not ...992.
 */
export function parseJson(text: string): JsonValue {
  if (!longInteger.test(text)) return JSON.parse(text) as JsonValue;
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined && integerText.test(context.source) ? context.source : value,
  ) as JsonValue;
}
