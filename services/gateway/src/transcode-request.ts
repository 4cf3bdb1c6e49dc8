import { create, fromJson, mergeFromJson, type DescField, type DescMessage, type JsonObject, type JsonValue, type Message } from '@bufbuild/protobuf';
import { isFieldError, reflect } from '@bufbuild/protobuf/reflect';
import { Code, ShineError } from '@shine/platform';
import { variableValue } from './path-template.ts';
import { queryJson } from './query-parameters.ts';
import { convert, invalid, resolveOrReject, setJson } from './request-fields.ts';
import type { RpcRoute } from './rpc-route.ts';

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
