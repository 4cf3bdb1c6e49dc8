import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBinary, type DescService } from '@bufbuild/protobuf';
import { Code } from '@shine/platform';
import { compileRoutes } from './rpc-route.ts';
import { testRegistry } from './test-fixtures/build-descriptors.ts';
import { TranscodedRequests } from './transcoded-requests.ts';

const registry = testRegistry();
const services = [...registry].filter((descriptor): descriptor is DescService => descriptor.kind === 'service');
const routes = compileRoutes(registry, services);
const palette = routes.find((route) => route.grpcPath === '/shine.palette.v1.PaletteService/GetPalette')!;
const echo = routes.find((route) => route.grpcPath === '/gatewaytest.v1.LibraryService/Echo')!;

describe('TranscodedRequests', () => {
  it('encodes a bodiless request once and answers the same query from memory, each query its own', () => {
    const requests = new TranscodedRequests({ rejectUnknown: true });
    const first = requests.of(palette, '/v1/palettes?monk=5&undertone=UNDERTONE_WARM', [], 'monk=5&undertone=UNDERTONE_WARM', { kind: 'empty' });
    assert.equal(requests.of(palette, '/v1/palettes?monk=5&undertone=UNDERTONE_WARM', [], 'monk=5&undertone=UNDERTONE_WARM', { kind: 'empty' }), first);
    const other = requests.of(palette, '/v1/palettes?monk=6', [], 'monk=6', { kind: 'empty' });
    assert.notEqual(other, first);
    const decoded = fromBinary(palette.method.input, first.bytes) as unknown as { monk: number; undertone: number };
    assert.equal(decoded.monk, 5);
    assert.equal(requests.size, 2);
  });

  it('keeps one route\'s request apart from another route\'s at the same URL', () => {
    const requests = new TranscodedRequests({ rejectUnknown: true });
    const forPalette = requests.of(palette, '/v1/same', [], '', { kind: 'empty' });
    const forEcho = requests.of(echo, '/v1/same', [], '', { kind: 'empty' });
    assert.notEqual(forEcho, forPalette);
    assert.equal(forEcho.message.$typeName, echo.method.input.typeName);
  });

  it('never keeps a request with a body, nor a refused one', () => {
    const requests = new TranscodedRequests({ rejectUnknown: true });
    const body = { kind: 'json' as const, value: { int32Value: 3 } };
    assert.notEqual(requests.of(echo, '/v1/echo', [], '', body), requests.of(echo, '/v1/echo', [], '', body));
    assert.throws(() => requests.of(palette, '/v1/palettes?monk=5&colour=red', [], 'monk=5&colour=red', { kind: 'empty' }), { code: Code.INVALID_ARGUMENT });
    assert.throws(() => requests.of(palette, '/v1/palettes?monk=5&colour=red', [], 'monk=5&colour=red', { kind: 'empty' }), { code: Code.INVALID_ARGUMENT });
    assert.equal(requests.size, 0);
  });

  it('stays within its bound, letting the least recently used go', () => {
    const requests = new TranscodedRequests({ rejectUnknown: true });
    const kept = requests.of(palette, '/v1/palettes?monk=1', [], 'monk=1', { kind: 'empty' });
    for (let index = 0; index < 3000; index++) {
      requests.of(palette, `/v1/palettes?monk=2&skinLab.l=${index}`, [], `monk=2&skinLab.l=${index}`, { kind: 'empty' });
      if (index % 100 === 0) assert.equal(requests.of(palette, '/v1/palettes?monk=1', [], 'monk=1', { kind: 'empty' }), kept, 'used recently, so kept');
    }
    assert.equal(requests.size, 2048);
  });
});
