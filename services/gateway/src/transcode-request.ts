import { create, fromJson, mergeFromJson, type Registry, type DescEnum, type DescField, type DescMessage, type JsonObject, type JsonValue, type Message } from '@bufbuild/protobuf';
import { isFieldError, reflect } from '@bufbuild/protobuf/reflect';
import { Code, quoteInput, ShineError, wordList } from '@shine/platform';
import { variableValue } from './path-template.ts';
import { fieldList } from './field-path.ts';
import { queryJson } from './query-parameters.ts';
import { unknownEnumName } from './text-to-json.ts';
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
  const readOptions = { ignoreUnknownFields: !options.rejectUnknown, registry: route.registry };
  if (query !== '') {
    const { json, origins } = queryJson(route, query, options, body.kind === 'raw');
    merge(input, message, json, readOptions, (field) => `query parameter "${origins.get(field) ?? field.name}"`, (typeName) => {
      // A well-known type's own error ("invalid RFC 3339 string") names no field: find the parameter of that type.
      for (const [field, key] of origins) if (field.message?.typeName === typeName) return `query parameter ${quoteInput(key)}`;
      return undefined;
    });
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
      setJson(json, fields, convert(fields, text, `path variable "${variable.fieldPath.join('.')}"`, options.rejectUnknown), false);
    }
    merge(input, message, json, readOptions, (field) => `path variable "${field.name}"`);
  }
  return message;
}

function messageFromBody(route: RpcRoute, body: RequestBody, options: TranscodeOptions): Message {
  const input = route.method.input;
  const readOptions = { ignoreUnknownFields: !options.rejectUnknown, registry: route.registry };
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
        // With body: "field" the client's JSON is that field: name paths inside it as the client wrote them.
        const within = route.body.kind === 'field' ? `${route.body.field.jsonName}.` : '';
        throw invalid(`invalid request body: ${describeJsonError(error, input, within)}`, 'INVALID_BODY', error);
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
    if (route.queryBlock(path) === 'it is bound by the path') throw invalid(`form field ${quoteInput(name)} is bound by the path`, 'INVALID_FORM_FIELD');
    // A file's name where the file should be (curl -F image=photo.jpg, without the @).
    if (typeof value === 'string' && !base64Text.test(value) && route.uploadFields.some((upload) => samePath(upload, path))) {
      throw invalid(`form field ${quoteInput(name)} is text, not a file: attach the file itself (with curl: -F ${name}=@${value.length <= 64 ? value : 'path/to/photo.jpg'})`, 'INVALID_FORM_FIELD');
    }
    setJson(json, path, typeof value === 'string' ? convert(path, value, `form field ${quoteInput(name)}`, options.rejectUnknown) : value, true);
  }
  let message: Message;
  try {
    message = fromJson(input, json, { ignoreUnknownFields: !options.rejectUnknown, registry: route.registry });
  } catch (error) {
    throw invalid(`invalid form field: ${describeJsonError(error, input)}`, 'INVALID_FORM_FIELD', error);
  }
  const uploaded = new Set<DescField>();
  for (const [name, bytes] of body.files) {
    const fields = resolveFilePart(route, rootMessage, prefix.length, name, options);
    if (!fields) continue;
    const path = [...prefix, ...fields];
    if (!route.uploadFields.some((upload) => samePath(upload, path))) {
      throw invalid(`file part ${quoteInput(name)} does not name a bytes field`, 'INVALID_FORM_FIELD');
    }
    // A second file for the same field would silently replace the first: which one was meant is unknown.
    if (uploaded.has(path.at(-1)!)) throw invalid(`the form has more than one ${quoteInput(name)} part: send one file per field`, 'INVALID_FORM_FIELD');
    uploaded.add(path.at(-1)!);
    setBytes(input, message, path, bytes);
  }
  return message;
}

// Standard or URL-safe base64, as the JSON mapping reads bytes from text.
const base64Text = /^[A-Za-z0-9+/_-]*={0,2}$/;

const samePath = (a: readonly DescField[], b: readonly DescField[]) => a.length === b.length && a.every((field, index) => field === b[index]);

/** The fields a file part names; a name that is no field, on a route with one bytes field, is told that field's name. */
function resolveFilePart(route: RpcRoute, rootMessage: DescMessage, prefixLength: number, name: string, options: TranscodeOptions): DescField[] | undefined {
  try {
    return resolveOrReject(rootMessage, name, 'file part', options);
  } catch (error) {
    const [only, ...others] = route.uploadFields;
    if (!only || others.length > 0) throw error;
    const expected = only.slice(prefixLength).map((field) => field.jsonName).join('.');
    throw invalid(`file part ${quoteInput(name)} is not a field here: send the file as the part "${expected}"`, 'INVALID_FORM_FIELD', error);
  }
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

function merge(
  input: DescMessage,
  message: Message,
  json: JsonObject,
  readOptions: { ignoreUnknownFields: boolean; registry: Registry },
  origin: (field: DescField) => string,
  originOfType: (typeName: string) => string | undefined = () => undefined,
): void {
  try {
    mergeFromJson(input, message, json, readOptions);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (isFieldError(cause)) throw invalid(`${origin(cause.field() as DescField)}: ${cause.message}`, 'INVALID_ARGUMENT', error);
    const typeName = /^cannot decode message ([\w.]+) from JSON/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = typeName === undefined ? undefined : originOfType(typeName);
    const described = describeJsonError(error, input);
    throw invalid(where ? `${where}: ${described}` : described, 'INVALID_ARGUMENT', error);
  }
}

/** protobuf-es messages name internal type names; say which field and what was wrong instead. */
function describeJsonError(error: unknown, input: DescMessage, within = ''): string {
  const cause = (error as { cause?: unknown }).cause;
  if (isFieldError(cause)) {
    const target = cause.field();
    if (target.kind === 'oneof') {
      return `give only one of ${wordList(target.fields.map((field) => field.jsonName), 'or')}: they are alternatives`;
    }
    // protobuf-es names the enum's type for a number out of int32's range; say what is taken instead.
    const outOfRange = /^expected enum [\w.]+: (.*) out of range$/.exec(cause.message);
    const desc = target.kind === 'field' ? target.enum : undefined;
    if (outOfRange && desc) return `field "${target.jsonName}": ${unknownEnumName(desc, outOfRange[1]!, { numbers: true })}`;
    return `field "${target.jsonName}": ${cause.message}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  const unknownKey = /^cannot decode message ([\w.]+) from JSON: key "(.*)" is unknown/.exec(message);
  if (unknownKey) {
    const owner = typeNamed(input, unknownKey[1]!);
    const fields = owner?.kind === 'message' ? fieldList(owner) : undefined;
    const key = quoteInput(unknownKey[2]!);
    if (!fields) return `unknown field ${key}`;
    return owner === input ? `unknown field ${key}: the fields are ${fields}` : `unknown field ${key} in a ${owner!.name}: its fields are ${fields}`;
  }
  // protobuf-es names the enum or message type, not the field: name the field when only one has that type.
  const whereIs = (desc: DescEnum | DescMessage) => {
    const holders = fieldsOfType(input, desc);
    return holders.length === 1 ? `field "${holders[0]!.startsWith(within) ? holders[0]!.slice(within.length) : holders[0]}"` : desc.name;
  };
  const badEnum = /^cannot decode enum ([\w.]+) from JSON: (.*)$/.exec(message);
  const desc = badEnum && typeNamed(input, badEnum[1]!);
  if (desc?.kind === 'enum') return `${whereIs(desc)}: ${unknownEnumName(desc, badEnum![2]!)}`;
  // A message field given a number or text ("maxPrice": 25): say it takes an object, and its fields.
  const notObject = /^cannot decode message ([\w.]+) from JSON: (.*)$/.exec(message);
  const nested = notObject && typeNamed(input, notObject[1]!);
  // Only where protobuf-es names the value it got (not "maximum recursion depth", "duplicate object key").
  if (nested?.kind === 'message' && nested !== input && !nested.typeName.startsWith('google.protobuf.') && jsonValueShown.test(notObject![2]!)) {
    return `${whereIs(nested)}: expected an object with the fields of a ${nested.name} (${fieldList(nested)}), got ${notObject![2]}`;
  }
  return message.replace(/^cannot decode [^:]*: /, '');
}

/** How protobuf-es shows a JSON value in an error: a number, true, false, short quoted text, "string" or "Array(n)". */
const jsonValueShown = /^(-?[\d.]+(e[+-]?\d+)?|NaN|-?Infinity|true|false|string|Array\(\d+\)|"(?:[^"\\]|\\.)*")$/;

/** JSON paths ("category", "skinLab.undertone") of the fields of an enum or message type, a few levels deep. */
function fieldsOfType(message: DescMessage, desc: DescEnum | DescMessage, prefix = '', depth = 0): string[] {
  const found: string[] = [];
  for (const field of message.fields) {
    const path = `${prefix}${field.jsonName}`;
    if (field.enum === desc || field.message === desc) found.push(path);
    else if (field.message && depth < 3) found.push(...fieldsOfType(field.message, desc, `${path}.`, depth + 1));
  }
  return found;
}

/** The message or enum type of that name, the message itself or used anywhere inside it, for error messages. */
function typeNamed(message: DescMessage, typeName: string, seen = new Set<DescMessage>()): DescMessage | DescEnum | undefined {
  if (message.typeName === typeName) return message;
  seen.add(message);
  for (const field of message.fields) {
    if (field.enum?.typeName === typeName) return field.enum;
    if (field.message && !seen.has(field.message)) {
      const found = typeNamed(field.message, typeName, seen);
      if (found) return found;
    }
  }
  return undefined;
}
