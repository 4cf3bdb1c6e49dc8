import { ScalarType, type DescField, type DescMethod, type DescService, type JsonWriteOptions, type Registry } from '@bufbuild/protobuf';
import { restJsonWriteOptions } from '@shine/contracts';
import { protoPath, resolveFieldPath } from './field-path.ts';
import { httpBindingsOf, httpRuleExtension, type HttpBinding } from './http-rule.ts';
import { parsePathTemplate, type PathTemplate, type TemplateVariable } from './path-template.ts';

export type BodyRule = { kind: 'none' } | { kind: 'all' } | { kind: 'field'; field: DescField };

/** Everything the gateway needs to serve one REST binding, worked out once at start. */
export interface RpcRoute {
  service: DescService;
  method: DescMethod;
  /** The gRPC path, "/shine.palette.v1.PaletteService/GetPalette". */
  grpcPath: string;
  httpMethod: string;
  template: PathTemplate;
  /** Each path variable with the fields it sets. */
  pathFields: ReadonlyArray<{ variable: TemplateVariable; fields: readonly DescField[] }>;
  body: BodyRule;
  /** The response field the HTTP body is made of; undefined for the whole response. */
  responseField: DescField | undefined;
  serverStreaming: boolean;
  /** 200, or 201/204 where the method's name says so. */
  successStatus: number;
  /** `bytes` fields a file part or a raw `image/*` body can fill, as paths from the request root. */
  uploadFields: ReadonlyArray<readonly DescField[]>;
  /** Why this field path may not come from the query string, or undefined when it may. */
  queryBlock(fields: readonly DescField[]): string | undefined;
  /** Every type the gateway knows, for google.protobuf.Any in either direction. */
  registry: Registry;
  /** How responses are written: the REST API's proto3 JSON (see restJsonWriteOptions), Any through the registry. */
  jsonWriteOptions: Partial<JsonWriteOptions>;
}

/** Every annotated RPC of every service in the registry, one route per binding. */
export function compileRoutes(registry: Registry, services: Iterable<DescService>): RpcRoute[] {
  const extension = httpRuleExtension(registry);
  if (!extension) return [];
  const routes: RpcRoute[] = [];
  for (const service of services) {
    for (const method of service.methods) {
      for (const binding of httpBindingsOf(method, extension)) {
        try {
          routes.push(compileRoute(registry, service, method, binding));
        } catch (error) {
          throw new Error(`${service.typeName}.${method.name} (${binding.httpMethod} ${binding.path}): ${(error as Error).message}`, { cause: error });
        }
      }
    }
  }
  return routes;
}

function compileRoute(registry: Registry, service: DescService, method: DescMethod, binding: HttpBinding): RpcRoute {
  if (method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming') {
    throw new Error('client streaming cannot be transcoded from HTTP/1.1');
  }
  const template = parsePathTemplate(binding.path);
  const pathFields = template.variables.map((variable) => {
    const fields = resolveFieldPath(method.input, variable.fieldPath);
    const leaf = fields.at(-1)!;
    if (leaf.fieldKind !== 'scalar' && leaf.fieldKind !== 'enum') {
      throw new Error(`path variable "${variable.fieldPath.join('.')}" must be a singular scalar or enum field`);
    }
    return { variable, fields };
  });
  const body = bodyRule(method, binding.body);
  const responseField = binding.responseBody === '' ? undefined : topLevelField(method.output, binding.responseBody, 'response_body');
  const pathNames = pathFields.map(({ fields }) => protoPath(fields));

  const queryBlock = (fields: readonly DescField[]): string | undefined => {
    const name = protoPath(fields);
    if (pathNames.some((bound) => name === bound || name.startsWith(`${bound}.`) || bound.startsWith(`${name}.`))) {
      return 'it is bound by the path';
    }
    if (body.kind === 'all') return 'the request body carries every field';
    if (body.kind === 'field' && fields[0] === body.field) return 'it is carried by the request body';
    return undefined;
  };

  return {
    service,
    method,
    grpcPath: `/${service.typeName}/${method.name}`,
    httpMethod: binding.httpMethod,
    template,
    pathFields,
    body,
    responseField,
    serverStreaming: method.methodKind === 'server_streaming',
    successStatus: successStatusOf(method, binding.httpMethod),
    uploadFields: uploadFieldsOf(body, method, pathNames),
    queryBlock,
    registry,
    jsonWriteOptions: { ...restJsonWriteOptions, registry },
  };
}

function bodyRule(method: DescMethod, body: string): BodyRule {
  if (body === '') return { kind: 'none' };
  if (body === '*') return { kind: 'all' };
  return { kind: 'field', field: topLevelField(method.input, body, 'body') };
}

function topLevelField(message: DescMethod['input'], name: string, option: string): DescField {
  const field = message.fields.find((candidate) => candidate.name === name);
  if (!field) throw new Error(`${option} "${name}" is not a field of ${message.typeName}`);
  return field;
}

const isBytes = (field: DescField) => field.fieldKind === 'scalar' && field.scalar === ScalarType.BYTES;

function uploadFieldsOf(body: BodyRule, method: DescMethod, pathNames: readonly string[]): DescField[][] {
  if (body.kind === 'none') return [];
  if (body.kind === 'field') {
    if (isBytes(body.field)) return [[body.field]];
    if (body.field.fieldKind !== 'message') return [];
    return body.field.message.fields.filter(isBytes).map((field) => [body.field, field]);
  }
  return method.input.fields.filter((field) => isBytes(field) && !pathNames.includes(field.name)).map((field) => [field]);
}

/**
 * AIP-133/135 naming decides what google.api.http cannot say: a POST to Create… answers
 * 201 Created, and a Delete… that returns google.protobuf.Empty answers 204 No Content.
 */
export function successStatusOf(method: DescMethod, httpMethod: string): number {
  if (httpMethod === 'POST' && /^Create[A-Z]/.test(method.name)) return 201;
  if (/^Delete[A-Z]/.test(method.name) && method.output.typeName === 'google.protobuf.Empty') return 204;
  return 200;
}
