import { createRequire } from 'node:module';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type DescriptorProto, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { protocShaped } from './protoc-shaped.ts';

const require = createRequire(import.meta.url);
const reflectionProtos = {
  v1: require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto'),
  v1alpha: require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1alpha/reflection.proto'),
};

interface ReflectionRequest {
  host: string;
  file_by_filename?: string;
  file_containing_symbol?: string;
  file_containing_extension?: { containing_type: string; extension_number: number };
  all_extension_numbers_of_type?: string;
  list_services?: string;
}

/**
 * gRPC server reflection (v1 and v1alpha) that serves the contracts' FileDescriptorProtos exactly as
 * buf built them, so grpcurl and Postman see every option and cross-package type. (The stock
 * @grpc/reflection re-encodes descriptors through protobufjs and loses both.) Health and
 * reflection's own protos, which only protobufjs loads here, are rewritten as protoc would write
 * them. Lists only the services this server really serves.
 */
export function addReflection(server: grpc.Server, options: { descriptorSet?: Uint8Array; services: readonly string[] }): void {
  const index = new DescriptorIndex();
  if (options.descriptorSet) {
    for (const file of fromBinary(FileDescriptorSetSchema, options.descriptorSet).file) index.add(file);
  }
  const loaded = [healthProtoPath, reflectionProtos.v1, reflectionProtos.v1alpha].map((path) => protoLoader.loadSync(path, { keepCase: true }));
  for (const definition of loaded) {
    for (const entry of Object.values(definition)) {
      for (const bytes of (entry as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos ?? []) {
        index.add(protocShaped(fromBinary(FileDescriptorProtoSchema, bytes)));
      }
    }
  }
  const listed = [...options.services, 'grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'];
  const handler = (call: grpc.ServerDuplexStream<ReflectionRequest, object>) => {
    call.on('data', (request: ReflectionRequest) => call.write({ valid_host: request.host, original_request: request, ...answer(index, listed, request) }));
    call.on('end', () => call.end());
    call.on('error', () => {});
  };
  for (const [version, definition] of [
    ['v1', loaded[1]!],
    ['v1alpha', loaded[2]!],
  ] as const) {
    const service = grpc.loadPackageDefinition(definition) as unknown as { grpc: { reflection: Record<string, { ServerReflection: grpc.ServiceClientConstructor }> } };
    server.addService(service.grpc.reflection[version]!.ServerReflection.service, { ServerReflectionInfo: handler });
  }
}

function answer(index: DescriptorIndex, services: readonly string[], request: ReflectionRequest): object {
  if (request.list_services !== undefined) return { list_services_response: { service: services.map((name) => ({ name })) } };
  if (request.file_by_filename !== undefined) return files(index.fileWithDependencies(request.file_by_filename), `file ${request.file_by_filename}`);
  if (request.file_containing_symbol !== undefined) {
    const symbol = request.file_containing_symbol.replace(/^\./, '');
    return files(index.fileWithDependencies(index.fileOfSymbol(symbol)), `symbol ${symbol}`);
  }
  if (request.file_containing_extension !== undefined) {
    const { containing_type, extension_number } = request.file_containing_extension;
    return files(index.fileWithDependencies(index.fileOfExtension(containing_type, extension_number)), `extension ${containing_type}(${extension_number})`);
  }
  if (request.all_extension_numbers_of_type !== undefined) {
    const type = request.all_extension_numbers_of_type.replace(/^\./, '');
    return { all_extension_numbers_response: { base_type_name: type, extension_number: index.extensionNumbers(type) } };
  }
  return { error_response: { error_code: grpc.status.UNIMPLEMENTED, error_message: 'unsupported reflection request' } };
}

function files(found: Uint8Array[], what: string): object {
  if (found.length === 0) return { error_response: { error_code: grpc.status.NOT_FOUND, error_message: `${what} not found` } };
  return { file_descriptor_response: { file_descriptor_proto: found.map((bytes) => Buffer.from(bytes)) } };
}

/** Files by name, and the file that declares each symbol and extension. */
class DescriptorIndex {
  readonly #files = new Map<string, { bytes: Uint8Array; dependencies: string[] }>();
  readonly #symbols = new Map<string, string>();
  readonly #extensions = new Map<string, Map<number, string>>();

  add(file: FileDescriptorProto): void {
    if (this.#files.has(file.name)) return;
    this.#files.set(file.name, { bytes: toBinary(FileDescriptorProtoSchema, file), dependencies: file.dependency });
    const prefix = file.package ? `${file.package}.` : '';
    const addMessage = (message: DescriptorProto, scope: string) => {
      const name = `${scope}${message.name}`;
      this.#symbols.set(name, file.name);
      for (const nested of message.nestedType) addMessage(nested, `${name}.`);
      for (const enumType of message.enumType) this.#symbols.set(`${name}.${enumType.name}`, file.name);
      for (const extension of message.extension) this.#addExtension(extension.extendee, extension.number, file.name);
    };
    for (const message of file.messageType) addMessage(message, prefix);
    for (const enumType of file.enumType) this.#symbols.set(`${prefix}${enumType.name}`, file.name);
    for (const service of file.service) {
      this.#symbols.set(`${prefix}${service.name}`, file.name);
      for (const method of service.method) this.#symbols.set(`${prefix}${service.name}.${method.name}`, file.name);
    }
    for (const extension of file.extension) this.#addExtension(extension.extendee, extension.number, file.name);
  }

  fileOfSymbol(symbol: string): string {
    return this.#symbols.get(symbol) ?? '';
  }

  fileOfExtension(type: string, number: number): string {
    return this.#extensions.get(type.replace(/^\./, ''))?.get(number) ?? '';
  }

  extensionNumbers(type: string): number[] {
    return [...(this.#extensions.get(type)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** The file first, then everything it imports (transitively), each once and imports before importers. */
  fileWithDependencies(name: string): Uint8Array[] {
    const requested = this.#files.get(name);
    if (!requested) return [];
    const ordered: Uint8Array[] = [];
    const seen = new Set<string>([name]);
    const visit = (fileName: string) => {
      const file = this.#files.get(fileName);
      if (!file || seen.has(fileName)) return;
      seen.add(fileName);
      for (const dependency of file.dependencies) visit(dependency);
      ordered.push(file.bytes);
    };
    for (const dependency of requested.dependencies) visit(dependency);
    return [requested.bytes, ...ordered];
  }

  #addExtension(extendee: string, number: number, fileName: string): void {
    const type = extendee.replace(/^\./, '');
    const numbers = this.#extensions.get(type) ?? new Map<number, string>();
    numbers.set(number, fileName);
    this.#extensions.set(type, numbers);
  }
}
