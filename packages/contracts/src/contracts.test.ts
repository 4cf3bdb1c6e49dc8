import assert from 'node:assert/strict';
import { isAbsolute } from 'node:path';
import { describe, it } from 'node:test';
import { createFileRegistry, fromBinary, getExtension, hasExtension, toJson } from '@bufbuild/protobuf';
import type { JsonValue, Message } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { analysisV1, descriptorSetPath, loadDescriptorSet, typeV1 } from './index.ts';

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, loadDescriptorSet()));
const httpExtension = registry.getExtension('google.api.http') ?? assert.fail('shine.binpb lacks google.api.http');
const httpRuleSchema = registry.getMessage('google.api.HttpRule') ?? assert.fail('shine.binpb lacks google.api.HttpRule');

/** Every RPC of every Shine service, as 'package.Service.Method', with its HTTP rule as proto JSON. */
function shineHttpRules(): Map<string, JsonValue | undefined> {
  const rules = new Map<string, JsonValue | undefined>();
  for (const type of registry) {
    if (type.kind !== 'service' || !type.typeName.startsWith('shine.')) continue;
    for (const method of type.methods) {
      const options = method.proto.options;
      const rule =
        options && hasExtension(options, httpExtension)
          ? toJson(httpRuleSchema, getExtension(options, httpExtension) as Message) // google.api.http holds a message
          : undefined;
      rules.set(`${type.typeName}.${method.name}`, rule);
    }
  }
  return rules;
}

describe('descriptor set', () => {
  it('is found by an absolute path', () => {
    assert.ok(isAbsolute(descriptorSetPath));
  });

  it('keeps proto comments (source info) for reflection and OpenAPI', () => {
    const locations = registry.getFile('shine/analysis/v1/analysis_service.proto')?.proto.sourceCodeInfo?.location;
    assert.ok(locations?.some((location) => location.leadingComments.includes('Measures skin tone')));
  });

  it('gives every RPC of every service a google.api.http rule', () => {
    const rules = shineHttpRules();
    const services = new Set([...rules.keys()].map((method) => method.slice(0, method.lastIndexOf('.'))));
    assert.deepEqual([...services].sort(), [
      'shine.analysis.v1.AnalysisService',
      'shine.catalog.v1.CatalogService',
      'shine.palette.v1.PaletteService',
      'shine.recommender.v1.RecommenderService',
    ]);
    const missing = [...rules].filter(([, rule]) => rule === undefined).map(([name]) => name);
    assert.deepEqual(missing, []);
  });

  it('maps the public REST routes', () => {
    const rules = shineHttpRules();
    const expected: Record<string, JsonValue> = {
      'shine.analysis.v1.AnalysisService.AnalyzeImage': {
        post: '/v1/analyses',
        body: '*',
        responseBody: 'analysis',
        additionalBindings: [{ post: '/api/v2/analyze/guest', body: '*', responseBody: 'analysis' }],
      },
      'shine.analysis.v1.AnalysisService.GetAnalysis': {
        get: '/v1/analyses/{analysis_id}',
        responseBody: 'analysis',
      },
      'shine.analysis.v1.AnalysisService.ListAnalyses': { get: '/v1/subjects/{subject_id}/analyses' },
      'shine.analysis.v1.AnalysisService.DeleteSubject': { delete: '/v1/subjects/{subject_id}' },
      'shine.palette.v1.PaletteService.GetPalette': { get: '/v1/palettes', responseBody: 'palette' },
      'shine.catalog.v1.CatalogService.ListProducts': { get: '/v1/products' },
      'shine.catalog.v1.CatalogService.GetProduct': {
        get: '/v1/products/{product_id}',
        responseBody: 'product',
      },
      'shine.catalog.v1.CatalogService.MatchShades': { post: '/v1/shade-matches', body: '*' },
      'shine.recommender.v1.RecommenderService.GetRecommendations': {
        get: '/v1/subjects/{subject_id}/recommendations',
        responseBody: 'recommendations',
      },
      'shine.recommender.v1.RecommenderService.WatchRecommendations': {
        get: '/v1/subjects/{subject_id}/recommendations:watch',
        responseBody: 'recommendations',
      },
    };
    for (const [method, rule] of Object.entries(expected)) {
      assert.deepEqual(rules.get(method), rule, method);
    }
  });

  it('makes WatchRecommendations server-streaming', () => {
    const watch = registry.getService('shine.recommender.v1.RecommenderService')?.method.watchRecommendations;
    assert.equal(watch?.methodKind, 'server_streaming');
  });

  it('pages the list RPCs with page_size and page_token', () => {
    for (const name of ['shine.analysis.v1.ListAnalysesRequest', 'shine.catalog.v1.ListProductsRequest']) {
      const fields = registry.getMessage(name)?.fields.map((field) => field.name) ?? [];
      assert.ok(fields.includes('page_size') && fields.includes('page_token'), name);
    }
  });
});

describe('generated TypeScript', () => {
  const analysis: analysisV1.Analysis = analysisV1.Analysis.fromPartial({
    id: '5b0c2a5e-4f7e-4b7a-9d0e-6a1f2c3d4e5f',
    subjectId: 'subject-1',
    createTime: new Date('2025-01-02T03:04:05.678Z'),
    skinTone: {
      lab: { l: 62.5, a: 12.25, b: 18.75 },
      hex: '#B98A6E',
      itaDegrees: 33.7,
      itaClass: analysisV1.ItaClass.ITA_CLASS_INTERMEDIATE,
      monk: 5,
      monkProbabilities: [
        { level: 4, probability: 0.25 },
        { level: 5, probability: 0.75 },
      ],
      fitzpatrick: analysisV1.FitzpatrickType.FITZPATRICK_TYPE_III,
      undertone: typeV1.Undertone.UNDERTONE_WARM,
      confidence: 0.875,
    },
    regions: [
      {
        region: analysisV1.SkinRegion.SKIN_REGION_LEFT_CHEEK,
        lab: { l: 61, a: 13, b: 18 },
        pixelCount: 4200,
        deltaE00ToCombined: 1.5,
      },
    ],
    warnings: [{ code: analysisV1.QualityWarningCode.QUALITY_WARNING_CODE_BLURRED, message: 'Hold still.' }],
    image: { width: 1080, height: 1350, format: analysisV1.ImageFormat.IMAGE_FORMAT_JPEG },
    persisted: true,
  });

  it('round-trips an Analysis through the binary encoding', () => {
    const bytes = analysisV1.Analysis.encode(analysis).finish();
    assert.deepEqual(analysisV1.Analysis.decode(bytes), analysis);
  });

  it('round-trips an Analysis through JSON with camelCase names and enum names', () => {
    const json = analysisV1.Analysis.toJSON(analysis) as Record<string, any>;
    assert.equal(json.skinTone.monk, 5);
    assert.equal(json.subjectId, 'subject-1');
    assert.equal(json.createTime, '2025-01-02T03:04:05.678Z');
    assert.equal(json.skinTone.itaClass, 'ITA_CLASS_INTERMEDIATE');
    assert.equal(json.skinTone.undertone, 'UNDERTONE_WARM');
    assert.deepEqual(json.skinTone.monkProbabilities[1], { level: 5, probability: 0.75 });
    assert.equal(json.regions[0].deltaE00ToCombined, 1.5);
    assert.equal('skin_tone' in json, false);
    assert.deepEqual(analysisV1.Analysis.fromJSON(JSON.parse(JSON.stringify(json))), analysis);
  });

  it('writes the same JSON as the descriptor set, so the gateway and services agree', () => {
    const schema = registry.getMessage('shine.analysis.v1.Analysis');
    assert.ok(schema);
    const viaDescriptor = toJson(schema, fromBinary(schema, analysisV1.Analysis.encode(analysis).finish()));
    assert.deepEqual(analysisV1.Analysis.toJSON(analysis), viaDescriptor);
  });

  it('defines the grpc-js AnalysisService under its fully qualified path', () => {
    const analyzeImage = analysisV1.AnalysisServiceService.analyzeImage;
    assert.equal(analyzeImage.path, '/shine.analysis.v1.AnalysisService/AnalyzeImage');
    assert.equal(analyzeImage.requestStream, false);
    assert.equal(analyzeImage.responseStream, false);
    const request = analysisV1.AnalyzeImageRequest.fromPartial({ image: new Uint8Array([0xff, 0xd8]), persist: true });
    const received = analyzeImage.requestDeserialize(analyzeImage.requestSerialize(request));
    assert.deepEqual([...received.image], [0xff, 0xd8]);
    assert.equal(received.persist, true);
  });
});
