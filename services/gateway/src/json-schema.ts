import { getOption, hasOption, ScalarType, type DescEnum, type DescExtension, type DescField, type DescMessage, type DescOneof, type Registry } from '@bufbuild/protobuf';
import { commentOf } from './comments.ts';
import { FieldRuleSchemas } from './field-rules.ts';

export type JsonSchema = Record<string, unknown>;

/** google.api.FieldBehavior values (google/api/field_behavior.proto). */
const REQUIRED = 2;
const OUTPUT_ONLY = 3;

/** The proto3 JSON forms of the well-known types, which are not objects of their fields. */
const wellKnown: Readonly<Record<string, JsonSchema>> = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time', description: 'RFC 3339, e.g. "2025-01-02T03:04:05.678Z".' },
  'google.protobuf.Duration': { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$', description: 'Seconds with an "s" suffix, e.g. "1.5s".' },
  'google.protobuf.FieldMask': { type: 'string', description: 'Comma-separated field paths in lowerCamelCase, e.g. "title,author.name".' },
  'google.protobuf.Struct': { type: 'object', additionalProperties: true },
  'google.protobuf.Value': { description: 'Any JSON value.' },
  'google.protobuf.ListValue': { type: 'array', items: {} },
  'google.protobuf.Empty': { type: 'object', properties: {}, additionalProperties: false },
  'google.protobuf.Any': { type: 'object', properties: { '@type': { type: 'string' } }, required: ['@type'], additionalProperties: true },
  'google.protobuf.DoubleValue': { type: ['number', 'null'], format: 'double' },
  'google.protobuf.FloatValue': { type: ['number', 'null'], format: 'float' },
  'google.protobuf.Int64Value': { type: ['string', 'null'], format: 'int64' },
  'google.protobuf.UInt64Value': { type: ['string', 'null'], format: 'uint64' },
  'google.protobuf.Int32Value': { type: ['integer', 'null'], format: 'int32' },
  'google.protobuf.UInt32Value': { type: ['integer', 'null'], format: 'uint32' },
  'google.protobuf.BoolValue': { type: ['boolean', 'null'] },
  'google.protobuf.StringValue': { type: ['string', 'null'] },
  'google.protobuf.BytesValue': { type: ['string', 'null'], contentEncoding: 'base64' },
};

function scalarSchema(type: ScalarType): JsonSchema {
  switch (type) {
    case ScalarType.DOUBLE:
      return { type: 'number', format: 'double' };
    case ScalarType.FLOAT:
      return { type: 'number', format: 'float' };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      // Strings, so values past 2^53 survive JavaScript clients.
      return { type: 'string', format: 'int64', pattern: '^-?[0-9]+$' };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: 'string', format: 'uint64', pattern: '^[0-9]+$' };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: 'integer', format: 'int64', minimum: 0, maximum: 4294967295 };
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.STRING:
      return { type: 'string' };
    case ScalarType.BYTES:
      return { type: 'string', contentEncoding: 'base64' };
    default:
      return { type: 'integer', format: 'int32' };
  }
}

/** The schema or null, its description and flags kept outside, where documentation tools read them. */
function nullable(schema: JsonSchema): JsonSchema {
  const { description, readOnly, deprecated, ...value } = schema;
  return {
    anyOf: [value, { type: 'null' }],
    ...(description !== undefined ? { description } : {}),
    ...(readOnly !== undefined ? { readOnly } : {}),
    ...(deprecated !== undefined ? { deprecated } : {}),
  };
}

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) for messages in their proto3 JSON form, one component each. */
export class SchemaBuilder {
  readonly components: Record<string, JsonSchema> = {};
  private readonly fieldBehavior: DescExtension | undefined;
  private readonly rules: FieldRuleSchemas;

  constructor(registry: Registry) {
    this.fieldBehavior = registry.getExtension('google.api.field_behavior');
    this.rules = new FieldRuleSchemas(registry);
  }

  /** A `$ref` to the component for a message or enum (or the inline form of a well-known type). */
  refFor(desc: DescMessage | DescEnum): JsonSchema {
    const known = wellKnown[desc.typeName];
    if (known) return { ...known };
    if (!(desc.typeName in this.components)) {
      this.components[desc.typeName] = {};
      this.components[desc.typeName] = desc.kind === 'enum' ? this.enumSchema(desc) : this.messageSchema(desc);
    }
    return { $ref: `#/components/schemas/${desc.typeName}` };
  }

  /** A message's object schema, without the top-level fields named in `omit` (bound by the path). */
  messageSchema(message: DescMessage, omit: ReadonlySet<string> = new Set()): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const field of message.fields) {
      if (omit.has(field.name)) continue;
      properties[field.jsonName] = this.acceptsNull(field) ? nullable(this.fieldSchema(field)) : this.fieldSchema(field);
      if (this.isRequired(field)) required.push(field.jsonName);
    }
    const description = commentOf(message);
    const alternatives = message.oneofs
      .map((oneof) => this.oneofSchema(oneof, omit))
      .filter((schema) => schema !== undefined);
    return {
      type: 'object',
      ...(description ? { description } : {}),
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(alternatives.length === 1 ? alternatives[0] : alternatives.length > 1 ? { allOf: alternatives } : {}),
      additionalProperties: false,
    };
  }

  /**
   * A oneof's fields are alternatives: `oneOf` with one branch per field, plus a branch with none
   * of them unless the oneof is required. (`message.oneofs` leaves out proto3 `optional`'s synthetic ones.)
   */
  private oneofSchema(oneof: DescOneof, omit: ReadonlySet<string>): JsonSchema | undefined {
    const branches = oneof.fields.filter((field) => !omit.has(field.name)).map((field) => ({ required: [field.jsonName] }));
    if (branches.length === 0) return undefined;
    return { oneOf: this.rules.oneofRequired(oneof) ? branches : [...branches, { not: { anyOf: branches } }] };
  }

  fieldSchema(field: DescField): JsonSchema {
    const schema = this.valueSchema(field);
    const description = [commentOf(field), field.oneof ? `Part of oneof \`${field.oneof.name}\`: set at most one of its fields.` : '']
      .filter(Boolean)
      .join('\n\n');
    const behaviours = this.behaviours(field);
    // Empty text or bytes is proto3's "not set", so a required one may not be empty.
    const nonEmpty = behaviours.includes(REQUIRED) && field.fieldKind === 'scalar' && (field.scalar === ScalarType.STRING || field.scalar === ScalarType.BYTES);
    return {
      ...schema,
      ...(nonEmpty ? { minLength: 1 } : {}),
      ...(description ? { description } : {}),
      ...(behaviours.includes(OUTPUT_ONLY) ? { readOnly: true } : {}),
      ...(field.deprecated ? { deprecated: true } : {}),
    };
  }

  /** The schema of one value of the field, ignoring comments: for query parameters and form parts. */
  valueSchema(field: DescField): JsonSchema {
    switch (field.fieldKind) {
      case 'scalar':
        return { ...scalarSchema(field.scalar), ...this.rules.valueKeywords(field) };
      case 'enum':
        return this.refFor(field.enum);
      case 'message': {
        // A message that counts only with some of its fields (a price with its currency), inline
        // and without nulls: it is a deepObject query parameter, where null cannot be said.
        const required = this.rules.requiredInside(field);
        if (required.length === 0) return this.refFor(field.message);
        const properties = Object.fromEntries(field.message.fields.map((inner) => [inner.jsonName, this.valueSchema(inner)]));
        return { type: 'object', properties, required, additionalProperties: false };
      }
      case 'list':
        return {
          type: 'array',
          items:
            field.listKind === 'scalar'
              ? { ...scalarSchema(field.scalar), ...this.rules.valueKeywords(field) }
              : field.listKind === 'enum'
                ? this.refFor(field.enum)
                : this.refFor(field.message),
          ...this.rules.listKeywords(field),
        };
      case 'map':
        return {
          type: 'object',
          additionalProperties: field.mapKind === 'scalar' ? scalarSchema(field.scalar) : field.mapKind === 'enum' ? this.refFor(field.enum) : this.refFor(field.message),
        };
    }
  }

  /** The JSON names of the message field's own fields that must come with it, from its rules. */
  requiredInside(field: DescField): string[] {
    return this.rules.requiredInside(field);
  }

  /**
   * proto3 JSON reads `null` as "not set", which a request may say of any optional field; not of a
   * required one or a oneof's (where null is no choice), nor of what only the server writes.
   */
  private acceptsNull(field: DescField): boolean {
    const behaviours = this.behaviours(field);
    return !field.oneof && !behaviours.includes(REQUIRED) && !behaviours.includes(OUTPUT_ONLY);
  }

  /** Whether the field is marked `(google.api.field_behavior) = REQUIRED`. */
  isRequired(field: DescField): boolean {
    return this.behaviours(field).includes(REQUIRED);
  }

  private behaviours(field: DescField): number[] {
    if (!this.fieldBehavior || !hasOption(field, this.fieldBehavior)) return [];
    return getOption(field, this.fieldBehavior) as number[];
  }

  private enumSchema(desc: DescEnum): JsonSchema {
    const description = [commentOf(desc), ...desc.values.map((value) => `- \`${value.name}\`: ${commentOf(value)}`)].filter(Boolean).join('\n');
    return { type: 'string', enum: desc.values.map((value) => value.name), ...(description ? { description } : {}) };
  }
}
