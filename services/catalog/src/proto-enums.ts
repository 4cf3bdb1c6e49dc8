import { catalogV1, typeV1 } from '@shine/contracts';
import { Code, ShineError } from '@shine/platform';
import { CATEGORIES, COVERAGES, FINISHES, SHADE_DEPTHS, UNDERTONES } from './catalog-record.ts';

/** Converts between a catalogue word ("foundation") and its proto enum value (PRODUCT_CATEGORY_FOUNDATION = 1). */
export interface ProtoEnum<Word extends string, Value extends number> {
  toProto(word: Word | undefined): Value;
  /** undefined for the unspecified value (0); INVALID_ARGUMENT naming `field` for a number the enum lacks. */
  fromProto(value: number, field: string): Word | undefined;
}

function protoEnum<Word extends string, Value extends number>(
  values: Record<string, number>,
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
  return {
    toProto: (word) => (word === undefined ? 0 : toProto.get(word)!) as Value,
    fromProto: (value, field) => {
      if (value === 0) return undefined;
      const word = fromProto.get(value);
      if (word === undefined) {
        throw new ShineError(Code.INVALID_ARGUMENT, `${field} ${value} is not one of ${[...toProto.keys()].map((name) => `${prefix}${name.toUpperCase()}`).join(', ')}`, {
          reason: 'INVALID_ENUM_VALUE',
        });
      }
      return word;
    },
  };
}

export const categoryEnum = protoEnum<(typeof CATEGORIES)[number], catalogV1.ProductCategory>(catalogV1.ProductCategory, 'PRODUCT_CATEGORY_', CATEGORIES);
export const finishEnum = protoEnum<(typeof FINISHES)[number], catalogV1.Finish>(catalogV1.Finish, 'FINISH_', FINISHES);
export const coverageEnum = protoEnum<(typeof COVERAGES)[number], catalogV1.Coverage>(catalogV1.Coverage, 'COVERAGE_', COVERAGES);
export const depthEnum = protoEnum<(typeof SHADE_DEPTHS)[number], catalogV1.ShadeDepth>(catalogV1.ShadeDepth, 'SHADE_DEPTH_', SHADE_DEPTHS);
export const undertoneEnum = protoEnum<(typeof UNDERTONES)[number], typeV1.Undertone>(typeV1.Undertone, 'UNDERTONE_', UNDERTONES);
