import type { DescField, DescMessage, Registry } from '@bufbuild/protobuf';
import type { RouteAccess } from './access-policy.ts';
import { commentOf } from './comments.ts';
import { protoPath } from './field-path.ts';
import { SchemaBuilder, type JsonSchema } from './json-schema.ts';
import type { TemplateVariable } from './path-template.ts';
import type { RpcRoute } from './rpc-route.ts';
import { messageTakesText, takesText } from './text-to-json.ts';

export interface OpenApiOptions {
  title: string;
  version: string;
  description: string;
  maxUploadBytes: number;
  accessOf: (route: RpcRoute) => RouteAccess;
}

type Operation = Record<string, unknown>;

/** Methods an OpenAPI 3.1 path item can hold; routes with other (custom) methods are left out. */
const operationMethods = new Set(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE']);
const statusRef = { $ref: '#/components/schemas/google.rpc.Status' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: statusRef } } });

/**
 * The OpenAPI 3.1 document of the REST surface, made from the same routes the gateway serves: paths
 * and parameters from the templates, request bodies (multipart/form-data and image/* where a route
 * takes an upload), responses with the google.rpc.Status error schema, and the comments as text.
 */
export function buildOpenApi(registry: Registry, routes: readonly RpcRoute[], options: OpenApiOptions): Record<string, unknown> {
  const schemas = new SchemaBuilder(registry);
  const paths: Record<string, Record<string, Operation>> = {};
  // Each RPC's bindings served so far ("POST /v1/analyses"): how many (for a unique operationId) and which came first.
  const bindingsOf = new Map<string, string[]>();

  // OpenAPI 3.1 has a fixed set of methods: a custom one (google.api.http's `custom`) is served
  // but cannot be an operation; the document lists such routes instead of leaving them out unsaid.
  const undescribed: string[] = [];
  for (const route of routes) {
    if (!operationMethods.has(route.httpMethod)) {
      undescribed.push(`${route.httpMethod} ${route.template.source} (${route.service.typeName}/${route.method.name})`);
      continue;
    }
    const { path, parameters } = openApiPath(route, schemas);
    const baseId = `${route.service.name}_${route.method.name}`;
    const bindings = bindingsOf.get(baseId) ?? [];
    bindingsOf.set(baseId, [...bindings, `${route.httpMethod} ${route.template.source}`]);
    const seen = bindings.length;
    // A later binding of the same RPC (google.api.http additional_bindings) says which route it repeats.
    const comment = (seen > 0 ? `Another route to the same call as ${bindings[0]}, kept for clients that already call it here; new clients use ${bindings[0]}.\n\n` : '') + commentOf(route.method);
    const access = options.accessOf(route);
    const operation: Operation = {
      operationId: seen === 0 ? baseId : `${baseId}_${seen + 1}`,
      tags: [route.service.name],
      summary: firstSentence(comment) || route.method.name,
      ...(comment ? { description: comment } : {}),
      parameters: [...parameters, ...queryParameters(route, schemas, access)],
      ...requestBody(route, schemas, options.maxUploadBytes, access),
      responses: responses(route, schemas, access),
      security: access.guestOnly ? [] : access.tokenRequired ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }],
      ...(route.method.deprecated ? { deprecated: true } : {}),
    };
    (paths[path] ??= {})[route.httpMethod.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, description: options.description },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((route) => route.service))].map((service) => ({ name: service.name, description: commentOf(service) })),
    paths,
    ...(undescribed.length > 0 ? { 'x-shine-custom-method-routes': undescribed } : {}),
    components: {
      schemas: { ...schemas.components, 'google.rpc.Status': statusSchema },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token whose `sub` is the subject.' } },
    },
  };
}

const statusSchema: JsonSchema = {
  type: 'object',
  description: 'The error body, as google.rpc.Status in proto3 JSON: the gRPC code, a message a person can act on, and details.',
  properties: {
    code: { type: 'integer', format: 'int32', description: 'The gRPC status code (google.rpc.Code).' },
    message: { type: 'string' },
    details: {
      type: 'array',
      description: 'google.rpc.ErrorInfo (reason, domain "shine.dev") when there is a reason, and google.rpc.RequestInfo with the request id.',
      items: { type: 'object', properties: { '@type': { type: 'string' } }, required: ['@type'], additionalProperties: true },
    },
  },
  required: ['code', 'message'],
};

/**
 * OpenAPI path parameters cannot hold "/", so a pattern variable is spelled out: its literals stay
 * and each wildcard becomes a parameter named after the literal before it, `{name=shelves/*}` →
 * `/shelves/{name.shelves}`; a `**` tail is one parameter whose value may contain slashes.
 */
function openApiPath(route: RpcRoute, schemas: SchemaBuilder): { path: string; parameters: Operation[] } {
  const parts: string[] = [];
  const parameters: Operation[] = [];
  const byStart = new Map<number, { variable: TemplateVariable; fields: readonly DescField[] }>(route.pathFields.map((bound) => [bound.variable.start, bound]));
  const segments = route.template.segments;
  for (let index = 0; index < segments.length; ) {
    const bound = byStart.get(index);
    if (!bound) {
      const segment = segments[index]!;
      if (segment.kind === 'literal') parts.push(segment.value);
      else {
        // A wildcard bound to no field: any segment (or, for `**`, the rest of the path) matches and is ignored.
        parts.push(`{segment${index}}`);
        const description = segment.kind === 'deep' ? 'Any path, ignored; may contain "/".' : 'Any one path segment, ignored.';
        parameters.push({ name: `segment${index}`, in: 'path', required: true, schema: { type: 'string' }, description });
      }
      index += 1;
      continue;
    }
    const { variable, fields } = bound;
    const fieldName = variable.fieldPath.join('.');
    const field = fields.at(-1)!;
    const end = variable.end ?? segments.length;
    // `{id}` or `{path=**}`: one parameter that is the whole field.
    const simple = end - variable.start === 1 && segments[variable.start]!.kind !== 'literal';
    for (let inner = variable.start; inner < end; inner++) {
      const segment = segments[inner]!;
      if (segment.kind === 'literal') {
        parts.push(segment.value);
        continue;
      }
      const previous = segments[inner - 1];
      const name = simple ? fieldName : `${fieldName}.${previous?.kind === 'literal' ? previous.value : inner - variable.start}`;
      parts.push(`{${name}}`);
      const description = simple
        ? `${commentOf(field)}${segment.kind === 'deep' ? ' May contain "/".' : ''}`.trim()
        : `Part of \`${fieldName}\`, which the path sets to \`${variable.pattern}\`${segment.kind === 'deep' ? '; may contain "/"' : ''}. ${commentOf(field)}`.trim();
      parameters.push({ name, in: 'path', required: true, schema: schemas.valueSchema(field), ...(description ? { description } : {}) });
    }
    index = end;
  }
  const verb = route.template.verb ? `:${route.template.verb}` : '';
  return { path: `/${parts.join('/')}${verb}`, parameters };
}

/** Every field the query string may set, nested messages spelled with dots (cycles cut at depth 3). */
function queryParameters(route: RpcRoute, schemas: SchemaBuilder, access: RouteAccess): Operation[] {
  if (route.body.kind === 'all') return [];
  const parameters: Operation[] = [];
  const visit = (message: DescMessage, prefix: readonly DescField[], depth: number) => {
    for (const field of message.fields) {
      const path = [...prefix, field];
      if (route.queryBlock(path) || refusedOnGuestRoute(field, access)) continue;
      const name = path.map((part) => part.jsonName).join('.');
      if (field.fieldKind === 'map') {
        // Entries as name[key]=value, which OpenAPI calls the deepObject style.
        if (field.mapKind !== 'message' || messageTakesText(field.message)) {
          parameters.push({ name, in: 'query', style: 'deepObject', explode: true, schema: schemas.valueSchema(field), description: `${commentOf(field)} One entry per parameter: \`${name}[key]=value\`.`.trim() });
        }
        continue;
      }
      if (field.fieldKind === 'message' && !takesText(field)) {
        // A message that counts only with some of its fields (a price with its currency) is one
        // deepObject parameter, `minPrice[currencyCode]=USD`, so its schema can require them.
        if (schemas.requiredInside(field).length > 0) {
          const description = `${commentOf(field)} One entry per field: \`${name}[field]=value\`.`.trim();
          parameters.push({ name, in: 'query', style: 'deepObject', explode: true, schema: schemas.valueSchema(field), description });
        } else if (depth < 3) visit(field.message, path, depth + 1);
        continue;
      }
      if (!takesText(field)) continue;
      const description = commentOf(field);
      parameters.push({
        name,
        in: 'query',
        ...(path.length === 1 && schemas.isRequired(field) ? { required: true } : {}),
        ...(field.fieldKind === 'list' ? { style: 'form', explode: true } : {}),
        schema: schemas.valueSchema(field),
        ...(description ? { description } : {}),
      });
    }
  };
  visit(route.method.input, [], 0);
  return parameters;
}

/** A guest-only route refuses a subject, so its document offers none. */
function refusedOnGuestRoute(field: DescField, access: RouteAccess): boolean {
  return access.guestOnly && field === access.subjectField;
}

function requestBody(route: RpcRoute, schemas: SchemaBuilder, maxUploadBytes: number, access: RouteAccess): Operation {
  if (route.body.kind === 'none') return {};
  const pathFields = new Set(route.pathFields.filter(({ fields }) => fields.length === 1).map(({ fields }) => protoPath(fields)));
  if (route.body.kind === 'all' && access.guestOnly && access.subjectField) pathFields.add(access.subjectField.name);
  const bodyMessage = route.body.kind === 'all' ? route.method.input : route.body.field.fieldKind === 'message' ? route.body.field.message : undefined;
  const json =
    route.body.kind === 'field'
      ? schemas.valueSchema(route.body.field)
      : pathFields.size === 0
        ? schemas.refFor(route.method.input)
        : schemas.messageSchema(route.method.input, pathFields);
  const content: Record<string, unknown> = { 'application/json': { schema: json } };
  if (route.uploadFields.length > 0 && bodyMessage) {
    const uploads = new Set(route.uploadFields.map((fields) => fields.at(-1)!));
    const properties: Record<string, JsonSchema> = {};
    const encoding: Record<string, unknown> = {};
    // Parts are named as the JSON mapping names fields (`subjectId`), which is what the gateway reads.
    for (const field of bodyMessage.fields) {
      if (route.body.kind === 'all' && pathFields.has(field.name)) continue;
      if (uploads.has(field)) {
        const size = schemas.isRequired(field) ? `From 1 to ${maxUploadBytes} bytes.` : `At most ${maxUploadBytes} bytes.`;
        properties[field.jsonName] = { ...uploadSchema(field, schemas), description: `${commentOf(field)} ${size}`.trim() };
      } else {
        properties[field.jsonName] = schemas.fieldSchema(field);
        if (!takesText(field)) encoding[field.jsonName] = { contentType: 'application/json' };
      }
    }
    const required = [...uploads].filter((field) => schemas.isRequired(field)).map((field) => field.jsonName);
    content['multipart/form-data'] = {
      // Parts that name no field are refused (INVALID_FORM_FIELD).
      schema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false },
      ...(Object.keys(encoding).length > 0 ? { encoding } : {}),
    };
    if (route.uploadFields.length === 1) {
      const upload = route.uploadFields[0]!.at(-1)!;
      content['image/*'] = { schema: { ...uploadSchema(upload, schemas), contentMediaType: 'image/*', description: `The raw image, from 1 to ${maxUploadBytes} bytes; other fields as query parameters.` } };
    }
  }
  return { requestBody: { required: true, content } };
}

/**
 * An uploaded file's bytes. That a required one may not be empty is said in words: `minLength`
 * counts the characters of a JSON string, and tools judge file bytes against it as an empty string.
 */
function uploadSchema(field: DescField, schemas: SchemaBuilder): JsonSchema {
  return { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream', ...(schemas.isRequired(field) ? { 'x-shine-non-empty': true } : {}) };
}

function responses(route: RpcRoute, schemas: SchemaBuilder, access: RouteAccess): Record<string, unknown> {
  const output = route.responseField ? schemas.fieldSchema(route.responseField) : schemas.refFor(route.method.output);
  const success = route.successStatus === 204
    ? { description: 'Done; no content.' }
    : route.serverStreaming
      ? {
          description: 'A stream: server-sent events (`Accept: text/event-stream`; an `error` event carries a google.rpc.Status, an `end` event closes) or newline-delimited JSON.',
          content: {
            'text/event-stream': { schema: { type: 'string' } },
            'application/x-ndjson': { schema: { type: 'object', properties: { result: output, error: statusRef } } },
          },
        }
      : { description: 'OK', content: { 'application/json': { schema: output } } };
  return {
    [String(route.successStatus)]: success,
    '400': errorResponse('The request is malformed: a field, parameter or body is invalid or unknown.'),
    ...(access.guestOnly ? {} : { '401': errorResponse('The bearer token is missing, invalid or expired.') }),
    ...(access.tokenRequired || access.subjectField ? { '403': errorResponse('The token is for another subject.') } : {}),
    ...(route.body.kind === 'none'
      ? {}
      : {
          '408': errorResponse('The body stopped arriving: it must keep coming at BODY_MIN_BYTES_PER_SECOND (1 KiB/s by default).'),
          '413': errorResponse('The body is over the size limit.'),
          '415': errorResponse('The Content-Type or Content-Encoding is not accepted.'),
        }),
    '429': { ...errorResponse('Too many requests; retry after Retry-After seconds.'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
    '503': { ...errorResponse('The service behind this route is not available; retry after Retry-After seconds.'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
    default: errorResponse('An error, as google.rpc.Status.'),
  };
}

/**
 * The first sentence of a proto comment, its wrapped lines joined: a summary cut at the end of
 * the comment's first line stopped mid-sentence ("The measurement is stored for a subject,").
 * "e.g." and "i.e." do not end a sentence.
 */
export function firstSentence(comment: string): string {
  const text = comment.split(/\n\s*\n/)[0]!.replace(/\s*\n\s*/g, ' ').trim();
  return /^.*?(?<!\be\.g|\bi\.e)\.(?=\s|$)/.exec(text)?.[0] ?? text;
}
