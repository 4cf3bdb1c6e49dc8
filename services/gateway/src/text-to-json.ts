import { ScalarType, type DescEnum, type DescField, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { isWrapperDesc } from '@bufbuild/protobuf/wkt';
import { quoteInput, wordList } from '@shine/platform';

/** Well-known messages whose proto3 JSON form is one string, so a query or path value can carry them. */
const stringWellKnownTypes = new Set(['google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.FieldMask', 'google.protobuf.Value']);

/**
 * The proto3 JSON value for one text value of a field (from the path, the query string or a form
 * field), which `fromJson` then checks and converts: numbers stay strings (the JSON mapping accepts
 * them), booleans and numeric enum values are parsed. Throws an Error saying why a field cannot take text.
 */
export function textToJson(field: DescField, text: string, rejectUnknownEnum = true): JsonValue {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarText(field.scalar, text);
    case 'enum':
      return enumText(field.enum, text, rejectUnknownEnum);
    case 'message':
      return messageText(field.message, text);
    case 'list':
      if (field.listKind === 'scalar') return scalarText(field.scalar, text);
      if (field.listKind === 'enum') return enumText(field.enum, text, rejectUnknownEnum);
      return messageText(field.message, text);
    case 'map':
      throw new Error('a map field takes one entry per parameter, as in "field[key]=value"');
  }
}

/** The proto3 JSON value for the text of one map entry's value ("counts[a]=1" → "1"). */
export function mapValueToJson(field: DescField & { fieldKind: 'map' }, text: string, rejectUnknownEnum = true): JsonValue {
  if (field.mapKind === 'scalar') return scalarText(field.scalar, text);
  if (field.mapKind === 'enum') return enumText(field.enum, text, rejectUnknownEnum);
  return messageText(field.message, text);
}

/** Whether a field takes text at all: scalars, enums and the string-shaped well-known types. */
export function takesText(field: DescField): boolean {
  if (field.fieldKind === 'map') return false;
  const message = field.fieldKind === 'message' || (field.fieldKind === 'list' && field.listKind === 'message') ? field.message : undefined;
  return !message || messageTakesText(message);
}

/** Whether a message type has a one-string JSON form (Timestamp, Duration, FieldMask, wrappers, Value). */
export function messageTakesText(message: DescMessage): boolean {
  return stringWellKnownTypes.has(message.typeName) || isWrapperDesc(message);
}

const integerTypes = new Set([ScalarType.INT32, ScalarType.SINT32, ScalarType.SFIXED32, ScalarType.UINT32, ScalarType.FIXED32, ScalarType.INT64, ScalarType.SINT64, ScalarType.SFIXED64, ScalarType.UINT64, ScalarType.FIXED64]);
const integerText = /^-?\d+$/;

/** The values an integer type holds, as the JSON mapping checks them. */
function integerRange(type: ScalarType): [bigint, bigint] {
  switch (type) {
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return [0n, 2n ** 32n - 1n];
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return [-(2n ** 63n), 2n ** 63n - 1n];
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return [0n, 2n ** 64n - 1n];
    default:
      return [-(2n ** 31n), 2n ** 31n - 1n];
  }
}
function inRange(type: ScalarType, value: bigint): boolean {
  const [min, max] = integerRange(type);
  return value >= min && value <= max;
}

const floatText = /^(-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|NaN|-?Infinity)$/;

function scalarText(type: ScalarType, text: string): JsonValue {
  // The JSON mapping reads numbers from strings with Number(), which also takes "0x5", " 5" and "": a
  // query parameter is a decimal number or a refusal.
  if (integerTypes.has(type)) {
    const name = ScalarType[type].toLowerCase();
    if (!integerText.test(text)) throw new Error(`expected a whole number (${name}) in decimal digits, got ${quoteInput(text)}`);
    // Said here, with the text as sent: the JSON mapping would name the number it parsed (1e20 for "99999999999999999999").
    if (!inRange(type, BigInt(text))) {
      const [min, max] = integerRange(type);
      throw new Error(`expected a whole number (${name}) from ${min} to ${max}, got ${quoteInput(text)}`);
    }
  }
  if ((type === ScalarType.FLOAT || type === ScalarType.DOUBLE) && !floatText.test(text)) throw new Error(`expected a number (${ScalarType[type].toLowerCase()}) such as 1.5 or 2e-3, got ${quoteInput(text)}`);
  if (type !== ScalarType.BOOL) return text;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new Error(`expected true or false, got ${quoteInput(text)}`);
}

/**
 * A value's name or number. A name the enum does not have is refused with the names it has, or,
 * when unknown values are let through, left for fromJson to ignore as the JSON mapping does.
 */
function enumText(desc: DescEnum, text: string, rejectUnknown: boolean): JsonValue {
  if (/^-?\d+$/.test(text)) {
    // A value's number is an int32 (proto3 keeps numbers it does not know); past that, say what is taken.
    if (!inRange(ScalarType.INT32, BigInt(text))) throw new Error(unknownEnumName(desc, quoteInput(text), { numbers: true }));
    return Number(text);
  }
  if (rejectUnknown && !desc.values.some((value) => value.name === text || value.jsonName === text)) throw new Error(unknownEnumName(desc, quoteInput(text)));
  return text;
}

/**
 * "expected one of A, B or C, got "X"": what a client needs to fix an enum value (`shown` as JSON);
 * with `numbers`, for a number out of range, that a value's number is taken too.
 */
export function unknownEnumName(desc: DescEnum, shown: string, options: { numbers?: boolean } = {}): string {
  const [min, max] = integerRange(ScalarType.INT32);
  const numbers = options.numbers ? `, or a value's number (${min} to ${max})` : '';
  return `expected one of ${wordList(desc.values.map((value) => value.name), 'or')}${numbers}, got ${shown}`;
}

function messageText(message: DescMessage, text: string): JsonValue {
  if (isWrapperDesc(message)) return scalarText(message.fields[0]!.scalar, text);
  if (stringWellKnownTypes.has(message.typeName)) return text;
  throw new Error(`${message.typeName} is a message: set its fields one by one, as in "field.subfield=value"`);
}
