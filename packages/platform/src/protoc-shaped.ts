import type { DescriptorProto, FileDescriptorProto } from '@bufbuild/protobuf/wkt';

/**
 * Rewrites a FileDescriptorProto made by @grpc/proto-loader (protobufjs) the way protoc writes
 * it, in place: every type name fully qualified (".grpc.health.v1.HealthCheckResponse" where
 * protobufjs writes "HealthCheckResponse"), and each map's entry message named after its field
 * ("statuses" → "StatusesEntry", where protobufjs writes "Statuses"). Clients that build
 * descriptors by protoc's rules refuse anything else: grpcurl could not describe or call
 * grpc.health.v1.Health ("invalid map: incorrect implicit map entry name").
 */
export function protocShaped(file: FileDescriptorProto): FileDescriptorProto {
  const scope = file.package ? `.${file.package}` : '';
  for (const message of file.messageType) nameMapEntries(message, `${scope}.${message.name}`);
  const declared = new Set<string>();
  const declare = (message: DescriptorProto, name: string) => {
    declared.add(name);
    for (const nested of message.nestedType) declare(nested, `${name}.${nested.name}`);
    for (const enumType of message.enumType) declared.add(`${name}.${enumType.name}`);
  };
  for (const message of file.messageType) declare(message, `${scope}.${message.name}`);
  for (const enumType of file.enumType) declared.add(`${scope}.${enumType.name}`);
  for (const message of file.messageType) qualifyFieldTypes(message, `${scope}.${message.name}`, declared);
  return file;
}

/** protoc's name for the entry message of map field `field`: its name in CamelCase, then "Entry". */
export function mapEntryName(field: string): string {
  return `${field.replace(/_+([a-zA-Z0-9])/g, (_, letter: string) => letter.toUpperCase()).replace(/^[a-z]/, (letter) => letter.toUpperCase())}Entry`;
}

function nameMapEntries(message: DescriptorProto, name: string): void {
  for (const nested of message.nestedType) {
    if (nested.options?.mapEntry) {
      const field = message.field.find((candidate) => candidate.typeName === nested.name || candidate.typeName === `${name}.${nested.name}`);
      if (field) {
        nested.name = mapEntryName(field.name);
        field.typeName = `${name}.${nested.name}`;
      }
    }
    nameMapEntries(nested, `${name}.${nested.name}`);
  }
}

/** Resolves each relative type name as protoc does: from the innermost enclosing scope outwards. */
function qualifyFieldTypes(message: DescriptorProto, name: string, declared: ReadonlySet<string>): void {
  for (const field of message.field) {
    if (!field.typeName || field.typeName.startsWith('.')) continue;
    for (let enclosing = name; ; enclosing = enclosing.slice(0, enclosing.lastIndexOf('.'))) {
      const candidate = `${enclosing}.${field.typeName}`;
      if (declared.has(candidate)) {
        field.typeName = candidate;
        break;
      }
      if (enclosing === '') break;
    }
  }
  for (const nested of message.nestedType) qualifyFieldTypes(nested, `${name}.${nested.name}`, declared);
}
