import { getOption, hasOption, type DescExtension, type DescField, type DescOneof, type Registry } from '@bufbuild/protobuf';
import type { JsonSchema } from './json-schema.ts';

/** The options of proto/shine/api/v1/field_rules.proto as read from the descriptor set. */
interface FieldRules {
  uuid: boolean;
  minimum?: number;
  maximum?: number;
  pattern: string;
  maxLength?: number;
  maxItems?: number;
  requiredFields: string[];
}

/** RFC 9562 text form, as `isUuid` in @shine/platform accepts it. */
const uuidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * What the services enforce on a request field beyond its type (`(shine.api.v1.field)` and
 * `(shine.api.v1.oneof)` options), as JSON Schema keywords for the OpenAPI document.
 */
export class FieldRuleSchemas {
  private readonly fieldRules: DescExtension | undefined;
  private readonly oneofRules: DescExtension | undefined;

  constructor(registry: Registry) {
    this.fieldRules = registry.getExtension('shine.api.v1.field');
    this.oneofRules = registry.getExtension('shine.api.v1.oneof');
  }

  /** Keywords for one value of the field (an item, for a repeated field). */
  valueKeywords(field: DescField): JsonSchema {
    const rules = this.rulesOf(field);
    if (!rules) return {};
    return {
      ...(rules.uuid ? { format: 'uuid', pattern: uuidPattern } : {}),
      ...(rules.pattern ? { pattern: rules.pattern } : {}),
      ...(rules.minimum !== undefined ? { minimum: rules.minimum } : {}),
      ...(rules.maximum !== undefined ? { maximum: rules.maximum } : {}),
      ...(rules.maxLength !== undefined ? { maxLength: rules.maxLength } : {}),
    };
  }

  /** Keywords for the repeated field as a whole. */
  listKeywords(field: DescField): JsonSchema {
    const maxItems = this.rulesOf(field)?.maxItems;
    return maxItems === undefined ? {} : { maxItems };
  }

  /** The JSON names of the message field's own fields that must come with it (a price's currency). */
  requiredInside(field: DescField): string[] {
    const names = this.rulesOf(field)?.requiredFields ?? [];
    if (field.fieldKind !== 'message') return [];
    return names.map((name) => {
      const inner = field.message.fields.find((candidate) => candidate.name === name);
      if (!inner) throw new Error(`${field.parent.typeName}.${field.name}: required_fields names "${name}", which ${field.message.typeName} does not have`);
      return inner.jsonName;
    });
  }

  /** Whether exactly one of the oneof's fields must be set. */
  oneofRequired(oneof: DescOneof): boolean {
    if (!this.oneofRules || !hasOption(oneof, this.oneofRules)) return false;
    return (getOption(oneof, this.oneofRules) as { required: boolean }).required;
  }

  private rulesOf(field: DescField): FieldRules | undefined {
    if (!this.fieldRules || !hasOption(field, this.fieldRules)) return undefined;
    return getOption(field, this.fieldRules) as FieldRules;
  }
}
