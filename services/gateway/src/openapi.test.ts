import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { firstSentence } from './openapi.ts';
import { startTestStack, type TestStack } from './test-fixtures/test-stack.ts';

let stack: TestStack;
let document: any;
before(async () => {
  stack = await startTestStack();
  document = await (await fetch(stack.url('/openapi.json'))).json();
});
after(() => stack.close());

/** Every "$ref" in the document, to check each resolves. */
function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refs(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refs(value, found);
    }
  }
  return found;
}

describe('the OpenAPI document at /openapi.json', () => {
  it('validates against the OpenAPI 3.1 schema, every $ref resolving', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    assert.deepEqual(result.errors, undefined);
    assert.equal(result.valid, true);
    assert.equal(validator.version, '3.1');
    for (const ref of refs(document)) {
      assert.ok(document.components.schemas[ref.replace('#/components/schemas/', '')], `${ref} resolves`);
    }
  });

  it('has an operation per REST binding, additional bindings and the legacy route included', () => {
    assert.equal(document.paths['/v1/analyses'].post.operationId, 'AnalysisService_AnalyzeImage');
    assert.equal(document.paths['/api/v2/analyze/guest'].post.operationId, 'AnalysisService_AnalyzeImage_2');
    assert.ok(document.paths['/v1/subjects/{subject_id}/recommendations:watch'].get);
    assert.ok(document.paths['/v1/shelves/{book.name.shelves}/books/{book.name.books}'].patch);
    assert.ok(document.paths['/v1/shelves/{book.name.shelves}/books/{book.name.books}'].put);
    assert.equal(document.paths['/v1/shelves/{name.shelves}/books/{name.books}'].delete.responses['204'].description, 'Done; no content.');
    assert.ok(document.paths['/v1/shelves/{parent.shelves}/books'].post.responses['201']);
    // A custom HTTP method cannot be an OpenAPI 3.1 operation: it is listed, not silently dropped.
    assert.deepEqual(document['x-shine-custom-method-routes'], ['SEARCH /v1/shelves (gatewaytest.v1.LibraryService/SearchShelves)']);
  });

  it('sums each operation up in its first whole sentence, and says which route an additional binding repeats', () => {
    for (const [path, operations] of Object.entries<Record<string, { summary: string; operationId: string }>>(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        // A summary is a sentence, or the method's name when the RPC has no comment; never a wrapped line cut short.
        assert.ok(/\.$/.test(operation.summary) || !/\s/.test(operation.summary), `${method} ${path}: "${operation.summary}"`);
      }
    }
    const legacy = document.paths['/api/v2/analyze/guest'].post;
    assert.equal(legacy.summary, 'Another route to the same call as POST /v1/analyses, kept for clients that already call it here; new clients use POST /v1/analyses.');
    assert.match(legacy.description, /\n\nAnalyses one photo/);
    assert.doesNotMatch(document.paths['/v1/analyses'].post.description, /Another route/);
  });

  it('declares a path parameter for every {…} in every path, a wildcard bound to no field included', () => {
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      for (const [method, operation] of Object.entries(operations)) {
        const declared = (operation.parameters ?? []).filter((parameter: any) => parameter.in === 'path').map((parameter: any) => parameter.name).sort();
        assert.deepEqual(declared, inPath, `${method} ${path}`);
      }
    }
    assert.ok(document.paths['/v1/inspect/{segment2}/again'].get);
  });

  it('describes path and query parameters with their types and comments', () => {
    const palette = document.paths['/v1/palettes'].get;
    const byName = Object.fromEntries(palette.parameters.map((parameter: any) => [parameter.name, parameter]));
    assert.deepEqual(Object.keys(byName).sort(), ['category', 'monk', 'skinLab.a', 'skinLab.b', 'skinLab.l', 'undertone']);
    assert.deepEqual(byName.monk.schema, { type: 'integer', format: 'int32', minimum: 1, maximum: 10 });
    assert.equal(byName.monk.required, true, 'field_behavior REQUIRED');
    assert.equal(byName.undertone.required, undefined);
    assert.equal(byName.monk.description, 'The Monk Skin Tone Scale level, 1 to 10.');
    assert.deepEqual(byName.undertone.schema, { $ref: '#/components/schemas/shine.type.v1.Undertone' });
    const list = document.paths['/v1/subjects/{subject_id}/analyses'].get;
    assert.deepEqual(list.parameters[0], { name: 'subject_id', in: 'path', required: true, schema: { type: 'string' }, description: 'The subject whose analyses to list.' });
    const files = document.paths['/v1/files/{path}'].get.parameters[0];
    assert.match(files.description, /May contain "\/"/);
    const counts = document.paths['/v1/everything/{int64_value}/{nested.name}'].get.parameters.find((parameter: any) => parameter.name === 'counts');
    assert.deepEqual({ ...counts, description: undefined }, {
      name: 'counts',
      in: 'query',
      style: 'deepObject',
      explode: true,
      schema: { type: 'object', additionalProperties: { type: 'string', format: 'int64', pattern: '^-?[0-9]+$' } },
      description: undefined,
    });
    const genres = document.paths['/v1/shelves/{parent.shelves}/books'].get.parameters.find((parameter: any) => parameter.name === 'genres');
    assert.deepEqual(genres, {
      name: 'genres',
      in: 'query',
      style: 'form',
      explode: true,
      schema: { type: 'array', items: { $ref: '#/components/schemas/gatewaytest.v1.Genre' } },
      description: 'Only these genres.',
    });
  });

  it('offers multipart/form-data and image/* for uploads, JSON always', () => {
    const body = document.paths['/v1/analyses'].post.requestBody;
    assert.deepEqual(Object.keys(body.content), ['application/json', 'multipart/form-data', 'image/*']);
    const form = body.content['multipart/form-data'].schema;
    assert.equal(form.properties.image.contentMediaType, 'application/octet-stream');
    assert.deepEqual(form.required, ['image']);
    // Named as the gateway reads them, the JSON names a client uses everywhere else.
    assert.deepEqual(Object.keys(form.properties), ['image', 'subjectId', 'persist', 'storePhoto']);
    // An empty image is no image: said for bytes in an extension (minLength counts a JSON string's characters).
    assert.equal(form.properties.image['x-shine-non-empty'], true);
    assert.match(form.properties.image.description, /From 1 to \d+ bytes\.$/);
    assert.equal(body.content['image/*'].schema['x-shine-non-empty'], true);
    assert.equal(document.components.schemas['shine.analysis.v1.AnalyzeImageRequest'].properties.image.minLength, 1, 'base64 text of a required image');
    assert.deepEqual(document.paths['/v1/shelves/{shelf.shelves}/covers'].post.requestBody.content['multipart/form-data'].encoding, {
      details: { contentType: 'application/json' },
    });
  });

  it('states what the services enforce, from the field rules in the protos', () => {
    const parameter = (path: string, name: string) => document.paths[path].get.parameters.find((candidate: { name: string }) => candidate.name === name);
    for (const [path, name] of [['/v1/products/{product_id}', 'product_id'], ['/v1/analyses/{analysis_id}', 'analysis_id']] as const) {
      assert.equal(parameter(path, name).schema.format, 'uuid', `${name} is a UUID`);
      assert.match('0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b', new RegExp(parameter(path, name).schema.pattern));
      assert.doesNotMatch('0193a1b2', new RegExp(parameter(path, name).schema.pattern));
    }
    assert.deepEqual({ ...parameter('/v1/palettes', 'monk'), description: undefined }, {
      name: 'monk', in: 'query', required: true, schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 10 }, description: undefined,
    });
    assert.equal(parameter('/v1/products', 'pageSize').schema.minimum, 0);
    // A price is one deepObject parameter, so its schema can require the currency.
    const minPrice = parameter('/v1/products', 'minPrice');
    assert.equal(minPrice.style, 'deepObject');
    assert.deepEqual(minPrice.schema.required, ['currencyCode']);
    assert.equal(minPrice.schema.properties.currencyCode.pattern, '^[A-Z]{3}$');
    assert.deepEqual([minPrice.schema.properties.nanos.minimum, minPrice.schema.properties.nanos.maximum], [0, 999999999]);
    assert.equal(parameter('/v1/products', 'minPrice.units'), undefined);
    // Optional fields may be null (proto3 JSON's "not set"): the value's own schema is the first branch.
    const value = (property: any) => property.anyOf?.[0] ?? property;
    const money = document.components.schemas['shine.type.v1.Money'].properties;
    assert.equal(value(money.currencyCode).pattern, '^[A-Z]{3}$');
    assert.deepEqual([value(money.nanos).minimum, value(money.nanos).maximum], [0, 999999999]);
    // The skin colour of a shade match: exactly one of three alternatives.
    const matches = document.components.schemas['shine.catalog.v1.MatchShadesRequest'];
    assert.deepEqual(matches.oneOf, [{ required: ['skinLab'] }, { required: ['skinHex'] }, { required: ['analysisId'] }]);
    assert.equal(matches.properties.analysisId.format, 'uuid');
    assert.deepEqual(matches.properties.skinUndertone.anyOf[1], { type: 'null' });
    assert.equal(value(matches.properties.brands).maxItems, 50);
    assert.deepEqual([value(matches.properties.maxMatches).minimum, value(matches.properties.maxMatches).maximum], [0, 50]);
    const lab = document.components.schemas['shine.type.v1.LabColor'].properties;
    assert.deepEqual([value(lab.l).minimum, value(lab.l).maximum, value(lab.a).minimum, value(lab.b).maximum], [0, 100, -128, 128]);
  });

  it('documents the rate limit: 429 with Retry-After on every operation', () => {
    for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        assert.ok(operation.responses['429']?.headers?.['Retry-After'], `${method.toUpperCase()} ${path} documents 429`);
      }
    }
  });

  it('documents responses with the google.rpc.Status error schema, response_body unwrapped', () => {
    const get = document.paths['/v1/analyses/{analysis_id}'].get;
    assert.equal(get.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/shine.analysis.v1.Analysis');
    assert.equal(get.responses.default.content['application/json'].schema.$ref, '#/components/schemas/google.rpc.Status');
    assert.deepEqual(document.components.schemas['google.rpc.Status'].required, ['code', 'message']);
    const analysis = document.components.schemas['shine.analysis.v1.Analysis'];
    assert.equal(analysis.properties.createTime.format, 'date-time');
    assert.equal(analysis.properties.id.readOnly, true);
    assert.deepEqual(document.components.schemas['shine.recommender.v1.Recommendations'].properties.revision.type, 'string');
    const watch = document.paths['/v1/subjects/{subject_id}/recommendations:watch'].get.responses['200'].content;
    assert.deepEqual(Object.keys(watch), ['text/event-stream', 'application/x-ndjson']);
  });

  it('states who may call: a token for subjects, optional for analyses, none on the guest route', () => {
    assert.deepEqual(document.paths['/v1/subjects/{subject_id}'].delete.security, [{ bearerAuth: [] }]);
    assert.deepEqual(document.paths['/v1/analyses'].post.security, [{}, { bearerAuth: [] }]);
    assert.deepEqual(document.paths['/api/v2/analyze/guest'].post.security, []);
    assert.equal(document.components.securitySchemes.bearerAuth.scheme, 'bearer');
  });
});

describe('firstSentence', () => {
  it('joins wrapped lines and stops at the first full stop, not at an e.g.', () => {
    assert.equal(firstSentence('Analyses one photo of a face. The measurement is stored for a subject,\nwhen it names one.'), 'Analyses one photo of a face.');
    assert.equal(firstSentence('Lists products, e.g. foundations, ordered by brand, then\nname. Pages follow.'), 'Lists products, e.g. foundations, ordered by brand, then name.');
    assert.equal(firstSentence('No full stop at all'), 'No full stop at all');
    assert.equal(firstSentence('First paragraph without a stop\n\nSecond one.'), 'First paragraph without a stop');
  });
});

describe('the docs page at /docs', () => {
  it('serves Swagger UI from the package, pointed at /openapi.json, with no third-party origin', async () => {
    const page = await fetch(stack.url('/docs'));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /swagger-ui-bundle\.js/);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const bundle = await fetch(stack.url('/docs/swagger-ui-bundle.js'));
    assert.equal(bundle.status, 200);
    assert.ok(Number(bundle.headers.get('content-length')) > 100_000);
    assert.match(await (await fetch(stack.url('/docs/init.js'))).text(), /url: '\/openapi\.json'/);
    const etag = bundle.headers.get('etag')!;
    assert.equal((await fetch(stack.url('/docs/swagger-ui-bundle.js'), { headers: { 'if-none-match': etag } })).status, 304);
    assert.equal((await fetch(stack.url('/docs/missing.js'))).status, 404);
  });
});
