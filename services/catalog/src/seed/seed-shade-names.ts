import type { ShadeNaming } from './seed-brands.ts';
import type { ShadeDepth, Undertone } from '../catalog-record.ts';

const DEPTH_WORDS: Record<ShadeDepth, readonly string[]> = {
  fair: ['Porcelain', 'Alabaster', 'Ivory', 'Shell', 'Linen', 'Pearl', 'Chiffon', 'Frost'],
  light: ['Vanilla', 'Bisque', 'Sand', 'Buff', 'Cream', 'Oat', 'Shortbread', 'Meringue'],
  medium: ['Honey', 'Almond', 'Beige', 'Biscuit', 'Wheat', 'Toffee', 'Latte', 'Praline'],
  tan: ['Caramel', 'Amber', 'Chai', 'Cinnamon', 'Maple', 'Bronze', 'Hazel', 'Butterscotch'],
  deep: ['Chestnut', 'Mocha', 'Walnut', 'Cocoa', 'Nutmeg', 'Pecan', 'Clove', 'Teak'],
  rich: ['Espresso', 'Ebony', 'Mahogany', 'Cacao', 'Truffle', 'Onyx', 'Sable', 'Java'],
};

const UNDERTONE_CODE: Record<Undertone, string> = { warm: 'W', neutral: 'N', cool: 'C' };
const UNDERTONE_ADJECTIVE: Record<Undertone, string> = { warm: 'Golden', neutral: 'Soft', cool: 'Rosy' };

export const FANCY_WORDS = [
  'Sunday', 'Velvet', 'First Light', 'Runway', 'Late Night', 'Bare', 'Dusty', 'Bold', 'Sweet', 'Electric',
  'Golden Hour', 'Quiet', 'Wild', 'Secret', 'City', 'Desert', 'Garden', 'Harbour', 'Ember', 'Candid',
] as const;

export interface SkinShadeNameInput {
  /** Place of the shade in its range, 0 lightest. */
  index: number;
  monkLevel: number;
  depth: ShadeDepth;
  undertone: Undertone;
}

/**
 * Names the shades of one skin-coloured range in a brand's style ("110 N", "4.2W", "Golden Honey",
 * "24 Chestnut"), unique within the range.
 */
export function nameSkinShades(naming: ShadeNaming, shades: readonly SkinShadeNameInput[]): string[] {
  const perLevel = new Map<number, number>();
  const perDepth = new Map<ShadeDepth, number>();
  const taken = new Set<string>();
  return shades.map((shade) => {
    const inLevel = (perLevel.get(shade.monkLevel) ?? 0) + 1;
    perLevel.set(shade.monkLevel, inLevel);
    const inDepth = perDepth.get(shade.depth) ?? 0;
    perDepth.set(shade.depth, inDepth + 1);
    const words = DEPTH_WORDS[shade.depth];
    const word = words[inDepth % words.length]!;
    const code = UNDERTONE_CODE[shade.undertone];
    const name = {
      'number-code': () => `${110 + shade.index * 10} ${code}`,
      'decimal-code': () => `${shade.monkLevel}.${inLevel}${code}`,
      word: () => `${UNDERTONE_ADJECTIVE[shade.undertone]} ${word}`,
      'number-word': () => `${shade.index + 1} ${word}`,
    }[naming]();
    return unique(name, taken);
  });
}

/** "Name", or "Name 2", "Name 3"… when already taken. */
export function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${name} ${suffix}`;
  taken.add(candidate);
  return candidate;
}
