import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create, toBinary, type DescService } from '@bufbuild/protobuf';
import { AnswerJson } from './answer-json.ts';
import { compileRoutes } from './rpc-route.ts';
import { testRegistry } from './test-fixtures/build-descriptors.ts';
import { responseJson } from './transcode-response.ts';

const registry = testRegistry();
const services = [...registry].filter((descriptor): descriptor is DescService => descriptor.kind === 'service');
const routes = compileRoutes(registry, services);
const palette = routes.find((route) => route.grpcPath === '/shine.palette.v1.PaletteService/GetPalette')!;
const echo = routes.find((route) => route.grpcPath === '/gatewaytest.v1.LibraryService/Echo')!;
const paletteAnswer = (confidence: number) =>
  Buffer.from(toBinary(palette.method.output, create(palette.method.output, { palette: { seasonConfidence: confidence } } as never)));

describe('AnswerJson', () => {
  it('writes an answer as responseJson does, and a repeated answer from memory', () => {
    const answers = new AnswerJson();
    const first = answers.of(palette, paletteAnswer(0.5));
    assert.equal(first.json, responseJson(palette, paletteAnswer(0.5)));
    assert.equal(first.bytes, Buffer.byteLength(first.json));
    assert.equal(answers.of(palette, paletteAnswer(0.5)), first);
    assert.notEqual(answers.of(palette, paletteAnswer(0.25)).json, first.json);
  });

  it('gives the same bytes on another route that route\'s JSON', () => {
    const answers = new AnswerJson();
    const empty = Buffer.alloc(0);
    assert.equal(answers.of(palette, empty).json, responseJson(palette, empty));
    assert.equal(answers.of(echo, empty).json, responseJson(echo, empty));
    assert.notEqual(responseJson(palette, empty), responseJson(echo, empty));
  });

  it('tells apart two answers whose bytes hash alike', () => {
    // Found by searching confidences for two encodings with the same 32-bit FNV-1a hash.
    const [first, second] = [paletteAnswer(36_690 / 3_000_000), paletteAnswer(120_743 / 3_000_000)];
    assert.notDeepEqual(first, second);
    const answers = new AnswerJson();
    answers.of(palette, first);
    assert.equal(answers.of(palette, second).json, responseJson(palette, second));
    assert.equal(answers.of(palette, first).json, responseJson(palette, first));
  });

  it('stays within its bound', () => {
    const answers = new AnswerJson();
    for (let index = 0; index < 600; index++) answers.of(palette, paletteAnswer(index / 1000));
    assert.equal(answers.size, 512);
  });
});
