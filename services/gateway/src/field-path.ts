import { wordList } from '@shine/platform';
import type { DescField, DescMessage } from '@bufbuild/protobuf';

const fieldsByName = new WeakMap<DescMessage, Map<string, DescField>>();

/** A message's fields by proto name ("skin_lab") and by JSON name ("skinLab"): clients use either. */
export function fieldByName(message: DescMessage, name: string): DescField | undefined {
  let byName = fieldsByName.get(message);
  if (!byName) {
    byName = new Map();
    for (const field of message.fields) byName.set(field.name, field).set(field.jsonName, field);
    fieldsByName.set(message, byName);
  }
  return byName.get(name);
}

/**
 * The fields a dotted path walks through, e.g. ["skinLab", "l"] → [skin_lab, l]. Every field but
 * the last must be a singular message. Throws an Error saying which part does not resolve.
 */
export function resolveFieldPath(root: DescMessage, path: readonly string[]): DescField[] {
  const fields: DescField[] = [];
  let message: DescMessage | undefined = root;
  for (const [index, part] of path.entries()) {
    if (!message) {
      throw new Error(`"${path.slice(0, index).join('.')}" is not a message, so it has no field "${part}"`);
    }
    const field = fieldByName(message, part);
    if (!field) {
      const owner = index === 0 ? 'the fields are' : `"${path.slice(0, index).join('.')}" has the fields`;
      throw new Error(`${owner} ${fieldList(message)}`);
    }
    fields.push(field);
    message = field.fieldKind === 'message' ? field.message : undefined;
  }
  return fields;
}

/** A message's fields by JSON name, "a, b and c" (the first 12, then "…"), for error messages. */
export function fieldList(message: DescMessage): string {
  const names = message.fields.map((field) => field.jsonName);
  if (names.length === 0) return 'none';
  if (names.length > 12) return `${names.slice(0, 12).join(', ')}, …`;
  return wordList(names, 'and');
}

/** "skin_lab.l" for the fields of a path, as the proto names them. */
export function protoPath(fields: readonly DescField[]): string {
  return fields.map((field) => field.name).join('.');
}
