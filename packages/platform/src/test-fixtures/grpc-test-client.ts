import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

const require = createRequire(import.meta.url);

/** Clients for the standard services every Shine server exposes, loaded from their published protos. */
function loadService(protoPath: string, name: string[]): grpc.ServiceClientConstructor {
  let node: unknown = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath, { keepCase: true, defaults: true, enums: String }));
  for (const part of name) node = (node as Record<string, unknown>)[part];
  return node as grpc.ServiceClientConstructor;
}

export const HealthClient = loadService(healthProtoPath, ['grpc', 'health', 'v1', 'Health']);
export const ReflectionClient = loadService(
  require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto'),
  ['grpc', 'reflection', 'v1', 'ServerReflection'],
);

/** Promise form of a unary call on an untyped client. */
export function unary<Response>(
  client: grpc.Client,
  method: string,
  request: object,
  options: grpc.CallOptions = {},
): Promise<Response> {
  const call = (client as unknown as Record<string, Function>)[method];
  if (!call) throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) =>
    call.call(client, request, new grpc.Metadata(), options, (error: grpc.ServiceError | null, response: Response) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

export interface ReflectionResponse {
  list_services_response?: { service: { name: string }[] };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: { error_code: number; error_message: string };
}

/** One request on the reflection stream, as grpcurl sends them. */
export function reflect(address: string, request: object): Promise<ReflectionResponse> {
  const client = new ReflectionClient(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const stream = (
      client as unknown as { ServerReflectionInfo: () => grpc.ClientDuplexStream<object, ReflectionResponse> }
    ).ServerReflectionInfo();
    stream.on('data', (response: ReflectionResponse) => {
      resolve(response);
      stream.end();
      client.close();
    });
    stream.on('error', reject);
    stream.write(request);
  });
}

/** The services a server announces over reflection, as grpcurl `list` shows them. */
export async function listServices(address: string): Promise<string[]> {
  const response = await reflect(address, { list_services: '' });
  return (response.list_services_response?.service ?? []).map((service) => service.name).sort();
}
