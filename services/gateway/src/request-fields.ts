// Named text values (query parameters, path variables, form fields) into a request's proto3 JSON form.
import type { DescField, DescMessage, JsonObject, JsonValue } from '@bufbuild/protobuf';
import { Code, quoteInput, ShineError } from '@shine/platform';
import { resolveFieldPath } from './field-path.ts';
import { mapValueToJson, textToJson } from './text-to-json.ts';

export const invalid = (message: string, reason: string, cause?: unknown) =>
  new ShineError(Code.INVALID_ARGUMENT, message, cause === undefined ? { reason } : { reason, cause });

/** The fields a parameter name walks to; undefined to drop an unknown one when unknown names are allowed. */
export function resolveOrReject(message: DescMessage, name: string, what: string, options: { rejectUnknown: boolean }): DescField[] | undefined {
  try {
    return resolveFieldPath(message, name.split('.'));
  } catch (error) {
    if (!options.rejectUnknown) return undefined;
    throw invalid(`unknown ${what} ${quoteInput(name)}: ${(error as Error).message}`, what === 'query parameter' ? 'UNKNOWN_QUERY_PARAMETER' : 'INVALID_FORM_FIELD');
  }
}

/** A text value as proto3 JSON for the last of `fields` (or a map entry's value); `strict` refuses unknown enum names. */
export function convert(fields: readonly DescField[], text: string, origin: string, strict: boolean, mapField?: DescField & { fieldKind: 'map' }): JsonValue {
  try {
    return mapField ? mapValueToJson(mapField, text, strict) : textToJson(fields.at(-1)!, text, strict);
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
export function setJson(json: JsonObject, fields: readonly DescField[], value: JsonValue, append: boolean): void {
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
export function setMapEntry(json: JsonObject, fields: readonly DescField[], key: string, value: JsonValue): void {
  const node = parentOf(json, fields);
  const leaf = fields.at(-1)!;
  const existing = node[leaf.jsonName];
  const map = isObject(existing) ? existing : (node[leaf.jsonName] = {});
  map[key] = value;
}
