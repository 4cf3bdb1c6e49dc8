import { quoteInput, wordList } from '@shine/platform';
import type { DescField, DescMessage, JsonObject } from '@bufbuild/protobuf';
import { fieldByName } from './field-path.ts';
import { convert, invalid, resolveOrReject, setJson, setMapEntry } from './request-fields.ts';
import type { RpcRoute } from './rpc-route.ts';
import { takesText } from './text-to-json.ts';

/** A parameter naming no field of the request: dropped, or refused with the parameters this route takes. */
function unknownParameter(route: RpcRoute, key: string, options: { rejectUnknown: boolean }): undefined {
  if (!options.rejectUnknown) return undefined;
  // Only what the query may set here: not fields bound by the path or carried by the body.
  const names = route.method.input.fields
    .filter((field) => !route.queryBlock([field]) && (takesText(field) || field.fieldKind === 'message' || field.fieldKind === 'map'))
    .flatMap((field) => (takesText(field) ? [field.jsonName] : field.fieldKind === 'map' ? [`${field.jsonName}[key]`] : nestedParameterNames(field)));
  const listed = names.length === 0 ? 'this route takes no query parameters' : `the query parameters here are ${wordList(names, 'and')}`;
  throw invalid(`unknown query parameter ${quoteInput(key)}: ${listed}`, 'UNKNOWN_QUERY_PARAMETER');
}

// A message field with at most this many fields, all plain values, is offered field by field.
const MAX_SPELLED_OUT_FIELDS = 4;

/** `skinLab.l`, `skinLab.a`, `skinLab.b` for a small message of plain values; `filter.…` for anything bigger. */
function nestedParameterNames(field: DescField): string[] {
  const fields = field.fieldKind === 'message' ? field.message.fields : [];
  if (fields.length === 0 || fields.length > MAX_SPELLED_OUT_FIELDS || !fields.every(takesText)) return [`${field.jsonName}.…`];
  return fields.map((nested) => `${field.jsonName}.${nested.jsonName}`);
}

/**
 * OpenAPI's deepObject spelling of a message field's field, `minPrice[currencyCode]`, as the dotted
 * name it means, `minPrice.currencyCode` (the document uses it for messages that need some fields).
 */
function deepObjectAsDotted(route: RpcRoute, key: string): string {
  const entry = /^([^[\]]+)\[([^[\]]+)\]$/.exec(key);
  if (!entry) return key;
  let message: DescMessage | undefined = route.method.input;
  for (const part of entry[1]!.split('.')) {
    const field: DescField | undefined = message ? fieldByName(message, part) : undefined;
    message = field?.fieldKind === 'message' ? field.message : undefined;
  }
  return message ? `${entry[1]}.${entry[2]}` : key;
}

/**
 * URLSearchParams turns bytes that are not UTF-8 (%FF, the overlong %C0%AF) into U+FFFD without a
 * word, so a search for them would quietly search for something else: refuse them instead.
 */
function refuseInvalidPercentEncoding(query: string): void {
  if (!query.includes('%')) return;
  for (const part of query.split('&')) {
    try {
      decodeURIComponent(part.replaceAll('+', ' '));
    } catch {
      throw invalid(`query parameter ${quoteInput(part.split('=', 1)[0]!)} is not valid percent-encoded UTF-8: encode text as UTF-8 bytes, each as %XX`, 'INVALID_QUERY_PARAMETER');
    }
  }
}

/**
 * The query string as a JSON object for `mergeFromJson`, with the parameter each leaf field came
 * from: dotted names for nested fields, repetition for repeated fields, `name[key]` for map entries.
 */
export function queryJson(route: RpcRoute, query: string, options: { rejectUnknown: boolean }, rawBody: boolean) {
  const json: JsonObject = {};
  const origins = new Map<DescField, string>();
  const seen = new Set<string>();
  refuseInvalidPercentEncoding(query);
  for (const [given, text] of new URLSearchParams(query)) {
    const key = deepObjectAsDotted(route, given);
    // A map entry is "field[key]=value", as grpc-gateway and OpenAPI's deepObject style spell it.
    const entry = /^([^[\]]+)\[([^\]]*)\]$/.exec(key);
    const name = entry ? entry[1]! : key;
    const fields = fieldByName(route.method.input, name.split('.', 1)[0]!)
      ? resolveOrReject(route.method.input, name, 'query parameter', options)
      : unknownParameter(route, key, options);
    if (!fields) continue;
    const blocked = route.queryBlock(fields);
    const uploadOnly = rawBody && blocked === 'the request body carries every field' && !route.uploadFields.some((upload) => upload[0] === fields[0]);
    if (blocked && !uploadOnly) {
      if (options.rejectUnknown) throw invalid(`query parameter ${quoteInput(key)} is not accepted here: ${blocked}`, 'INVALID_QUERY_PARAMETER');
      continue;
    }
    const leaf = fields.at(-1)!;
    const canonical = `${fields.map((field) => field.jsonName).join('.')}${entry ? `[${entry[2]}]` : ''}`;
    if (leaf.fieldKind !== 'list' && seen.has(canonical)) {
      throw invalid(`query parameter ${quoteInput(key)} is given more than once but is not repeated`, 'INVALID_QUERY_PARAMETER');
    }
    seen.add(canonical);
    origins.set(leaf, given);
    if (entry) {
      if (leaf.fieldKind !== 'map') throw invalid(`query parameter ${quoteInput(key)}: ${quoteInput(entry[1] ?? '')} is not a map field`, 'INVALID_QUERY_PARAMETER');
      setMapEntry(json, fields, entry[2]!, convert(fields, text, `query parameter ${quoteInput(key)}`, options.rejectUnknown, leaf));
    } else {
      setJson(json, fields, convert(fields, text, `query parameter ${quoteInput(key)}`, options.rejectUnknown), true);
    }
  }
  return { json, origins };
}
