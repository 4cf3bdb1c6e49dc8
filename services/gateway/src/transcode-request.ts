import { create, fromJson, mergeFromJson, type DescField, type DescMessage, type JsonObject, type JsonValue, type Message } from '@bufbuild/protobuf';
import { isFieldError, reflect } from '@bufbuild/protobuf/reflect';
import { Code, ShineError } from '@shine/platform';
import { resolveFieldPath } from './field-path.ts';
import { variableValue } from './path-template.ts';
import type { RpcRoute } from './rpc-route.ts';
import { mapValueToJson, textToJson } from './text-to-json.ts';

/** A request body as read off the wire, before it meets the descriptors. */
export type RequestBody =
  | { kind: 'empty' }
  | { kind: 'json'; value: JsonValue }
  /** multipart/form-data: text parts (JSON parts already parsed) and file parts. */
  | { kind: 'form'; fields: ReadonlyArray<readonly [string, JsonValue]>; files: ReadonlyArray<readonly [string, Uint8Array]> }
  /** A raw `image/*` or octet-stream body for the route's one bytes field. */
  | { kind: 'raw'; bytes: Uint8Array };

export interface TranscodeOptions {
  /** Refuse query parameters and JSON or form fields the request message does not have (else drop them). */
  rejectUnknown: boolean;
}

const invalid = (message: string, reason: string, cause?: unknown) =>
  new ShineError(Code.INVALID_ARGUMENT, message, cause === undefined ? { reason } : { reason, cause });

/**
 * Builds the gRPC request from the HTTP request by the route's rule: the body first, then the
 * query string, then the path variables, so a value in the path always wins.
 */
export function transcodeRequest(route: RpcRoute, segments: readonly string[], query: string, body: RequestBody, options: TranscodeOptions): Message {
  const input = route.method.input;
  const message = messageFromBody(route, body, options);
  const readOptions = { ignoreUnknownFields: !options.rejectUnknown };
  if (query !== '') {
    const { json, origins } = queryJson(route, query, options, body.kind === 'raw');
    merge(input, message, json, readOptions, (field) => `query parameter "${origins.get(field) ?? field.name}"`);
  }
  if (route.pathFields.length > 0) {
    const json: JsonObject = {};
    for (const { variable, fields } of route.pathFields) {
      let text: string;
      try {
        text = variableValue(variable, segments);
      } catch (error) {
        throw invalid(`path segment for "${variable.fieldPath.join('.')}" is not valid percent-encoding`, 'INVALID_PATH', error);
      }
      setJson(json, fields, convert(fields, text, `path variable "${variable.fieldPath.join('.')}"`), false);
    }
    merge(input, message, json, readOptions, (field) => `path variable "${field.name}"`);
  }
  return message;
}

function messageFromBody(route: RpcRoute, body: RequestBody, options: TranscodeOptions): Message {
  const input = route.method.input;
  const readOptions = { ignoreUnknownFields: !options.rejectUnknown };
  switch (body.kind) {
    case 'empty':
      return create(input);
    case 'json': {
      const json = route.body.kind === 'field' ? { [route.body.field.jsonName]: body.value } : body.value;
      if (route.body.kind === 'all' && (typeof json !== 'object' || json === null || Array.isArray(json))) {
        throw invalid('the request body must be a JSON object', 'INVALID_BODY');
      }
      try {
        return fromJson(input, json, readOptions);
      } catch (error) {
        throw invalid(`invalid request body: ${describeJsonError(error)}`, 'INVALID_BODY', error);
      }
    }
    case 'form':
      return messageFromForm(route, body, options);
    case 'raw': {
      const [target, ...others] = route.uploadFields;
      if (!target || others.length > 0) {
        throw new ShineError(Code.INVALID_ARGUMENT, 'this route takes no raw upload: send JSON or multipart/form-data', { reason: 'UNSUPPORTED_MEDIA_TYPE' });
      }
      const message = create(input);
      setBytes(input, message, target, body.bytes);
      return message;
    }
  }
}

function messageFromForm(route: RpcRoute, body: Extract<RequestBody, { kind: 'form' }>, options: TranscodeOptions): Message {
  const input = route.method.input;
  const root = route.body.kind === 'field' ? route.body.field : undefined;
  const rootMessage = root?.fieldKind === 'message' ? root.message : root ? undefined : input;
  if (!rootMessage) throw invalid('this route takes no form fields: send its body as JSON', 'UNSUPPORTED_MEDIA_TYPE');
  const prefix = root ? [root] : [];
  const json: JsonObject = {};
  for (const [name, value] of body.fields) {
    const fields = resolveOrReject(rootMessage, name, 'form field', options);
    if (!fields) continue;
    const path = [...prefix, ...fields];
    if (route.queryBlock(path) === 'it is bound by the path') throw invalid(`form field "${name}" is bound by the path`, 'INVALID_FORM_FIELD');
    setJson(json, path, typeof value === 'string' ? convert(path, value, `form field "${name}"`) : value, true);
  }
  let message: Message;
  try {
    message = fromJson(input, json, { ignoreUnknownFields: !options.rejectUnknown });
  } catch (error) {
    throw invalid(`invalid form field: ${describeJsonError(error)}`, 'INVALID_FORM_FIELD', error);
  }
  for (const [name, bytes] of body.files) {
    const fields = resolveOrReject(rootMessage, name, 'file part', options);
    if (!fields) continue;
    const path = [...prefix, ...fields];
    if (!route.uploadFields.some((upload) => upload.length === path.length && upload.every((field, index) => field === path[index]))) {
      throw invalid(`file part "${name}" does not name a bytes field`, 'INVALID_FORM_FIELD');
    }
    setBytes(input, message, path, bytes);
  }
  return message;
}

/** The query string as a JSON object for `mergeFromJson`, with the parameter each leaf field came from. */
function queryJson(route: RpcRoute, query: string, options: TranscodeOptions, rawBody: boolean) {
  const json: JsonObject = {};
  const origins = new Map<DescField, string>();
  const seen = new Set<string>();
  for (const [key, text] of new URLSearchParams(query)) {
    // A map entry is "field[key]=value", as grpc-gateway and OpenAPI's deepObject style spell it.
    const entry = /^([^[\]]+)\[([^\]]*)\]$/.exec(key);
    const fields = resolveOrReject(route.method.input, entry ? entry[1]! : key, 'query parameter', options);
    if (!fields) continue;
    const blocked = route.queryBlock(fields);
    const uploadOnly = rawBody && blocked === 'the request body carries every field' && !route.uploadFields.some((upload) => upload[0] === fields[0]);
    if (blocked && !uploadOnly) {
      if (options.rejectUnknown) throw invalid(`query parameter "${key}" is not accepted here: ${blocked}`, 'INVALID_QUERY_PARAMETER');
      continue;
    }
    const leaf = fields.at(-1)!;
    const canonical = `${fields.map((field) => field.jsonName).join('.')}${entry ? `[${entry[2]}]` : ''}`;
    if (leaf.fieldKind !== 'list' && seen.has(canonical)) {
      throw invalid(`query parameter "${key}" is given more than once but is not repeated`, 'INVALID_QUERY_PARAMETER');
    }
    seen.add(canonical);
    origins.set(leaf, key);
    if (entry) {
      if (leaf.fieldKind !== 'map') throw invalid(`query parameter "${key}": "${entry[1]}" is not a map field`, 'INVALID_QUERY_PARAMETER');
      setMapEntry(json, fields, entry[2]!, convert(fields, text, `query parameter "${key}"`, leaf));
    } else {
      setJson(json, fields, convert(fields, text, `query parameter "${key}"`), true);
    }
  }
  return { json, origins };
}

/** The fields a parameter name walks to; undefined to drop an unknown one when unknown names are allowed. */
function resolveOrReject(message: DescMessage, name: string, what: string, options: TranscodeOptions): DescField[] | undefined {
  try {
    return resolveFieldPath(message, name.split('.'));
  } catch (error) {
    if (!options.rejectUnknown) return undefined;
    throw invalid(`unknown ${what} "${name}": ${(error as Error).message}`, what === 'query parameter' ? 'UNKNOWN_QUERY_PARAMETER' : 'INVALID_FORM_FIELD');
  }
}

function convert(fields: readonly DescField[], text: string, origin: string, mapField?: DescField & { fieldKind: 'map' }): JsonValue {
  try {
    return mapField ? mapValueToJson(mapField, text) : textToJson(fields.at(-1)!, text);
  } catch (error) {
    throw invalid(`${origin}: ${(error as Error).message}`, 'INVALID_ARGUMENT', error);
  }
}

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The object holding the last field of a path, creating the objects on the way. */
function parentOf(json: JsonObject, fields: readonly DescField[]): JsonObject {
  let node = json;
  for (const field of fields.slice(0, -1)) {
    const next = node[field.jsonName];
    node = isObject(next) ? next : (node[field.jsonName] = {});
  }
  return node;
}

/**
 * Puts a value at a field path of a JSON object, by JSON names. With `append`, a repeated field
 * collects values (one per parameter, or a whole JSON array from a form part).
 */
function setJson(json: JsonObject, fields: readonly DescField[], value: JsonValue, append: boolean): void {
  const node = parentOf(json, fields);
  const leaf = fields.at(-1)!;
  if (leaf.fieldKind !== 'list' || !append) {
    node[leaf.jsonName] = value;
    return;
  }
  const list = node[leaf.jsonName];
  const values = Array.isArray(value) ? value : [value];
  if (Array.isArray(list)) list.push(...values);
  else node[leaf.jsonName] = values;
}

/** Adds one entry to a map field of a JSON object. */
function setMapEntry(json: JsonObject, fields: readonly DescField[], key: string, value: JsonValue): void {
  const node = parentOf(json, fields);
  const leaf = fields.at(-1)!;
  const existing = node[leaf.jsonName];
  const map = isObject(existing) ? existing : (node[leaf.jsonName] = {});
  map[key] = value;
}

/** Sets a bytes field without a base64 round trip: uploads can be megabytes. */
function setBytes(input: DescMessage, message: Message, fields: readonly DescField[], bytes: Uint8Array): void {
  let target = reflect(input, message);
  for (const field of fields.slice(0, -1)) {
    if (!target.isSet(field)) target.set(field, reflect(field.message!, create(field.message!)));
    target = target.get(field) as typeof target;
  }
  target.set(fields.at(-1)!, bytes);
}

function merge(input: DescMessage, message: Message, json: JsonObject, readOptions: { ignoreUnknownFields: boolean }, origin: (field: DescField) => string): void {
  try {
    mergeFromJson(input, message, json, readOptions);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (isFieldError(cause)) throw invalid(`${origin(cause.field() as DescField)}: ${cause.message}`, 'INVALID_ARGUMENT', error);
    throw invalid(describeJsonError(error), 'INVALID_ARGUMENT', error);
  }
}

/** protobuf-es messages name internal type names; say which field and what was wrong instead. */
function describeJsonError(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  if (isFieldError(cause)) return `field "${(cause.field() as DescField).name}": ${cause.message}`;
  const message = error instanceof Error ? error.message : String(error);
  const unknownKey = /key "(.*)" is unknown/.exec(message);
  if (unknownKey) return `unknown field "${unknownKey[1]}"`;
  return message.replace(/^cannot decode [^:]*: /, '');
}
