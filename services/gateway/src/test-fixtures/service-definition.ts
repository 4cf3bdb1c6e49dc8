import { create, fromBinary, toBinary, type DescMessage, type DescService, type MessageInitShape } from '@bufbuild/protobuf';
import type * as grpc from '@grpc/grpc-js';

const encoder = (schema: DescMessage) => (value: unknown) =>
  Buffer.from(toBinary(schema, create(schema, value as MessageInitShape<typeof schema>)));
const decoder = (schema: DescMessage) => (bytes: Buffer) => fromBinary(schema, bytes);

/**
 * A grpc-js service definition for a service known only from descriptors, (de)serialising with
 * protobuf-es, so test servers can implement the test-only contract with platform `serve()`.
 */
export function serviceDefinitionOf(service: DescService): grpc.ServiceDefinition {
  return Object.fromEntries(
    service.methods.map((method) => [
      method.name,
      {
        path: `/${service.typeName}/${method.name}`,
        requestStream: false,
        responseStream: method.methodKind === 'server_streaming',
        requestSerialize: encoder(method.input),
        requestDeserialize: decoder(method.input),
        responseSerialize: encoder(method.output),
        responseDeserialize: decoder(method.output),
      },
    ]),
  );
}
