import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { create, createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { loadDescriptorSet, paletteV1 } from '@shine/contracts';
import { baseConfigSchema, loadConfig } from './config.ts';
import { serve } from './grpc-server.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { startService, type RunningService, type ServiceOptions } from './service.ts';
import { reflect } from './test-fixtures/grpc-test-client.ts';

/** A service on free loopback ports that logs nothing, with these services and descriptors. */
function startQuietService(options: Pick<ServiceOptions, 'services' | 'descriptorSet'>): Promise<RunningService> {
  return startService({
    config: loadConfig(baseConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1' }),
    logger: createLogger({ service: 'test', version: '0', level: 'silent' }),
    metrics: createMetrics({ service: 'test', version: '0' }),
    ...options,
  });
}

describe('server reflection with the contracts descriptor set', () => {
  let running: RunningService;
  let address: string;

  before(async () => {
    running = await startQuietService({
      descriptorSet: loadDescriptorSet(),
      services: [serve(paletteV1.PaletteServiceService, { getPalette: async () => ({ palette: undefined }) })],
    });
    address = `127.0.0.1:${running.grpcPort}`;
  });

  after(() => running.shutdown('test over'));

  it('answers a service symbol with its file and every file it imports, enough to resolve all types', async () => {
    const response = await reflect(address, { file_containing_symbol: 'shine.palette.v1.PaletteService' });
    const files = (response.file_descriptor_response?.file_descriptor_proto ?? []).map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
    const names = files.map((file) => file.name);
    assert.equal(names[0], 'shine/palette/v1/palette_service.proto');
    for (const imported of ['shine/palette/v1/palette.proto', 'shine/type/v1/undertone.proto', 'shine/type/v1/color.proto', 'google/api/annotations.proto']) {
      assert.ok(names.includes(imported), `${imported} missing from ${names.join()}`);
    }
    // Building a registry fails on any type that does not resolve (what broke grpcurl before).
    const dependenciesFirst = [...files.slice(1), files[0]!];
    const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: dependenciesFirst }));
    assert.ok(registry.getMessage('shine.palette.v1.Palette'));
  });

  it('finds nested symbols and methods, and says NOT_FOUND for unknown ones', async () => {
    const method = await reflect(address, { file_containing_symbol: 'shine.palette.v1.PaletteService.GetPalette' });
    assert.ok((method.file_descriptor_response?.file_descriptor_proto.length ?? 0) > 0);
    const missing = await reflect(address, { file_containing_symbol: 'shine.nope.v1.Nothing' });
    assert.equal(missing.error_response?.error_code, 5);
  });
});

describe('server reflection of grpc.health.v1', () => {
  let running: RunningService;
  let address: string;

  before(async () => {
    running = await startQuietService({ services: [] });
    address = `127.0.0.1:${running.grpcPort}`;
  });

  after(() => running.shutdown('test over'));

  it('describes Health as protoc would, map entry and qualified type names included, so grpcurl can call it', async () => {
    const response = await reflect(address, { file_containing_symbol: 'grpc.health.v1.Health' });
    const [file] = (response.file_descriptor_response?.file_descriptor_proto ?? []).map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
    assert.ok(file, 'no file for grpc.health.v1.Health');
    const list = file.messageType.find((message) => message.name === 'HealthListResponse')!;
    // protobufjs names the entry "Statuses" with a relative type name; grpcurl refused that as an invalid map.
    assert.deepEqual(list.nestedType.map((nested) => nested.name), ['StatusesEntry']);
    assert.equal(list.field[0]!.typeName, '.grpc.health.v1.HealthListResponse.StatusesEntry');
    const check = file.messageType.find((message) => message.name === 'HealthCheckResponse')!;
    assert.equal(check.field[0]!.typeName, '.grpc.health.v1.HealthCheckResponse.ServingStatus');
    const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: [file] }));
    assert.equal(registry.getMessage('grpc.health.v1.HealthListResponse')?.fields[0]?.fieldKind, 'map');
  });
});
