// What a person sees with grpcurl, the tool the README points to, against every service started as
// its own process: each lists its own service beside health and reflection, describes its methods
// with the contracts' comments, answers JSON calls (a real photo included), says SERVING to a
// health check, and refuses a bad request with the right code and a message a person can act on.
// grpcurl builds its descriptors by protoc's rules from reflection alone, so this is also the
// proof that reflection serves whole, well-formed files (it once refused grpc.health.v1).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runGrpcurl, skipWithoutGrpcurl as skip } from './support/grpcurl.ts';
import { startShineStack, type ServiceName, type ShineStack } from './support/shine-stack.ts';

const samplePortrait = fileURLToPath(new URL('../web/public/sample-portrait.jpg', import.meta.url));
const served: Record<Exclude<ServiceName, 'gateway'>, string> = {
  analysis: 'shine.analysis.v1.AnalysisService',
  palette: 'shine.palette.v1.PaletteService',
  catalog: 'shine.catalog.v1.CatalogService',
  recommender: 'shine.recommender.v1.RecommenderService',
};

describe('the services through grpcurl', { skip, timeout: 300_000 }, () => {
  let stack: ShineStack;
  const address = (service: keyof typeof served) => `127.0.0.1:${stack.services[service].grpcPort}`;
  const json = (run: { status: number; stdout: string; stderr: string }) => {
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  };

  before(async () => {
    stack = await startShineStack({ kafka: false });
  });

  after(() => stack?.stop());

  it('lists on each service its own service, health and reflection, and nothing else', () => {
    for (const [service, name] of Object.entries(served) as [keyof typeof served, string][]) {
      const listed = runGrpcurl([address(service), 'list']);
      assert.equal(listed.status, 0, `${service}: ${listed.stderr}`);
      assert.deepEqual(listed.stdout.trim().split('\n').sort(), [name, 'grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'].sort());
    }
  });

  it('answers health checks and the health list SERVING on every service', () => {
    for (const [service, name] of Object.entries(served) as [keyof typeof served, string][]) {
      assert.deepEqual(json(runGrpcurl([address(service), 'grpc.health.v1.Health/Check'])), { status: 'SERVING' }, service);
      assert.deepEqual(json(runGrpcurl(['-d', JSON.stringify({ service: name }), address(service), 'grpc.health.v1.Health/Check'])), { status: 'SERVING' }, service);
      const list = json(runGrpcurl([address(service), 'grpc.health.v1.Health/List'])) as { statuses: Record<string, { status: string }> };
      assert.equal(list.statuses[name]?.status, 'SERVING', service);
    }
  });

  it("describes a method with the contract's comment and its REST binding", () => {
    const described = runGrpcurl([address('palette'), 'describe', 'shine.palette.v1.PaletteService']);
    assert.equal(described.status, 0, described.stderr);
    assert.match(described.stdout, /\/\/ Returns the palette for a skin tone/);
    assert.match(described.stdout, /rpc GetPalette \( \.shine\.palette\.v1\.GetPaletteRequest \) returns \( \.shine\.palette\.v1\.GetPaletteResponse \)/);
    assert.match(described.stdout, /option \(\.google\.api\.http\) = \{ get: "\/v1\/palettes"/);
    const request = runGrpcurl([address('palette'), 'describe', 'shine.palette.v1.GetPaletteRequest']);
    assert.match(request.stdout, /int32 monk = 1/);
    assert.match(request.stdout, /\(\.shine\.api\.v1\.field\) = \{ minimum: 1/);
  });

  it('answers JSON requests, and refuses bad ones with the right code and a message naming the problem', () => {
    const palette = json(runGrpcurl(['-d', '{"monk":7,"undertone":"UNDERTONE_WARM"}', address('palette'), 'shine.palette.v1.PaletteService/GetPalette'])) as {
      palette: { undertone: string; groups: unknown[] };
    };
    assert.equal(palette.palette.undertone, 'UNDERTONE_WARM');
    assert.ok(palette.palette.groups.length > 0);

    const refused = runGrpcurl(['-d', '{"monk":11}', address('palette'), 'shine.palette.v1.PaletteService/GetPalette']);
    assert.equal(refused.status, 64 + 3, 'grpcurl exits 64 + INVALID_ARGUMENT');
    assert.match(refused.stderr, /Code: InvalidArgument/);
    assert.match(refused.stderr, /monk must be a Monk Skin Tone level from 1 to 10, got 11/);

    const matches = json(runGrpcurl(['-d', '{"skinHex":"#835336"}', address('catalog'), 'shine.catalog.v1.CatalogService/MatchShades'])) as { matches: { productId: string }[] };
    assert.ok(matches.matches.length > 0);
    const badColour = runGrpcurl(['-d', '{"skinHex":"brown"}', address('catalog'), 'shine.catalog.v1.CatalogService/MatchShades']);
    assert.equal(badColour.status, 64 + 3);
    assert.match(badColour.stderr, /skinHex must be an sRGB colour written "#RRGGBB", got "brown"/);
  });

  it('measures a real photo sent as base64 JSON, and says so when the bytes are no picture', () => {
    const image = readFileSync(samplePortrait).toString('base64');
    const analysed = json(runGrpcurl(['-d', '@', address('analysis'), 'shine.analysis.v1.AnalysisService/AnalyzeImage'], JSON.stringify({ image }))) as {
      analysis: { skinTone: { monk: number; confidence: number; hex: string } };
    };
    const { monk, confidence, hex } = analysed.analysis.skinTone;
    assert.ok(monk >= 1 && monk <= 10, `monk ${monk}`);
    assert.ok(confidence > 0 && confidence <= 1, `confidence ${confidence}`);
    assert.match(hex, /^#[0-9a-f]{6}$/);

    const notAPicture = runGrpcurl(['-d', '@', address('analysis'), 'shine.analysis.v1.AnalysisService/AnalyzeImage'], JSON.stringify({ image: Buffer.from('hello').toString('base64') }));
    assert.equal(notAPicture.status, 64 + 3);
    assert.match(notAPicture.stderr, /this file is not an image: its first bytes match no picture format/);
  });
});
