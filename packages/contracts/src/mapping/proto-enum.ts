import { Code, ShineError } from '@shine/platform/errors';

/**
 * Converts between a domain word ("foundation", "warm") and its proto enum value
 * (PRODUCT_CATEGORY_FOUNDATION = 1, UNDERTONE_WARM = 1), both ways, for one enum.
 */
export interface ProtoEnum<Word extends string, Value extends number> {
  readonly words: readonly Word[];
  /** The value for a word; the unspecified value (0) for none. */
  toProto(word: Word | undefined): Value;
  /** undefined for the unspecified value (0); INVALID_ARGUMENT naming `field` for a number the enum lacks. */
  fromProto(value: number, field: string): Word | undefined;
}

/**
 * The mapping of a generated enum (`values`, e.g. typeV1.Undertone) whose names are `prefix` plus
 * each word in capitals. Checked when built: a word the contract lacks fails at start, not on a call.
 */
export function protoEnum<Word extends string, Value extends number>(
  values: Readonly<Record<string, number>>,
  prefix: string,
  words: readonly Word[],
): ProtoEnum<Word, Value> {
  const toProto = new Map<Word, Value>();
  for (const word of words) {
    const value = values[`${prefix}${word.toUpperCase()}`];
    if (value === undefined) throw new Error(`${prefix}${word.toUpperCase()} is not in the contract`);
    toProto.set(word, value as Value);
  }
  const fromProto = new Map([...toProto].map(([word, value]) => [value as number, word]));
  const names = words.map((word) => `${prefix}${word.toUpperCase()}`).join(', ');
  return {
    words,
    toProto: (word) => (word === undefined ? 0 : toProto.get(word)!) as Value,
    fromProto: (value, field) => {
      if (value === 0) return undefined;
      const word = fromProto.get(value);
      if (word === undefined) {
        throw new ShineError(Code.INVALID_ARGUMENT, `${field} ${value} is not one of ${names}`, { reason: 'INVALID_ENUM_VALUE' });
      }
      return word;
    },
  };
}
