import { createFileRegistry, fromBinary, toJson, type FileRegistry, type JsonValue } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { loadDescriptorSet } from './descriptor-set.ts';

/**
 * How the REST API writes proto3 JSON (as grpc-gateway v2 does by default): lowerCamel names,
 * int64 as strings, enums by name, well-known types in their JSON forms, and fields at their
 * default values included, so clients see every field the contract has. The gateway and every
 * tool that prints "the same JSON as the REST API" write with these options.
 */
export const restJsonWriteOptions = { alwaysEmitImplicit: true } as const;

let registry: FileRegistry | undefined;

/** Every Shine message, enum and service, from shine.binpb (read once). */
export function contractRegistry(): FileRegistry {
  registry ??= createFileRegistry(fromBinary(FileDescriptorSetSchema, loadDescriptorSet()));
  return registry;
}

/** A Shine message's wire bytes as the REST API's JSON; `typeName` like "shine.analysis.v1.Analysis". */
export function restJsonOf(typeName: string, bytes: Uint8Array): JsonValue {
  const schema = contractRegistry().getMessage(typeName);
  if (!schema) throw new Error(`${typeName} is not a Shine message`);
  return toJson(schema, fromBinary(schema, bytes), { ...restJsonWriteOptions, registry: contractRegistry() });
}
