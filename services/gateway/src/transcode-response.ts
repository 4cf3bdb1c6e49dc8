import { create, fromBinary, toJson, toJsonString, type DescField, type JsonValue, type Message } from '@bufbuild/protobuf';
import type { RpcRoute } from './rpc-route.ts';

const readOptions = { readUnknownFields: false } as const;

/** The HTTP body (JSON text) for one gRPC response message, honouring `response_body`. */
export function responseJson(route: RpcRoute, bytes: Uint8Array): string {
  const output = route.method.output;
  const message = fromBinary(output, bytes, readOptions);
  const field = route.responseField;
  if (!field) return toJsonString(output, message, route.jsonWriteOptions);
  if (field.fieldKind === 'message') {
    return toJsonString(field.message, messageField(message, field) ?? create(field.message), route.jsonWriteOptions);
  }
  const json = toJson(output, message, route.jsonWriteOptions) as Record<string, JsonValue>;
  return JSON.stringify(json[field.jsonName] ?? null);
}

/** A message field's value, looking inside its oneof when it has one. */
function messageField(message: Message, field: DescField): Message | undefined {
  const holder = message as unknown as Record<string, unknown>;
  if (!field.oneof) return holder[field.localName] as Message | undefined;
  const selected = holder[field.oneof.localName] as { case: string | undefined; value?: Message };
  return selected.case === field.localName ? selected.value : undefined;
}
