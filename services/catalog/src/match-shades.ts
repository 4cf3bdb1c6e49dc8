import { deltaE2000, type Lab } from '@shine/color';
import type { Category, Undertone } from './catalog-record.ts';
import { lightnessWindow } from './lightness-window.ts';
import { lowerBound, type IndexedShade, type LightnessOrderedShades, type ShadeIndex } from './shade-index.ts';
import { UNDERTONE_PENALTY, undertoneCompatibility, type UndertoneCompatibility } from './undertone-compatibility.ts';

export interface MatchQuery {
  skin: Lab;
  skinUndertone: Undertone | undefined;
  category: Category;
  /** Lower-case brand names; empty means every brand. */
  brandKeys: readonly string[];
  scope: 'across-brands' | 'per-brand';
  /** Overall, or per brand with scope "per-brand". */
  maxMatches: number;
  inStockOnly: boolean;
}

export interface ShadeMatch {
  entry: IndexedShade;
  deltaE: number;
  compatibility: UndertoneCompatibility;
  /** ΔE00 plus the undertone penalty: what matches are ranked by. */
  score: number;
}

// First radius tried, in ΔE00; doubled until enough shades fall inside. Small, because a large catalogue
// has many shades within 1.5 of any skin colour, and each doubling only costs a wider window.
const FIRST_RADIUS = 1.5;
// Beyond any ΔE00 two colours can have: at this radius every shade is scored.
const LAST_RADIUS = 256;

/**
 * The shades nearest a skin colour by CIEDE2000, with undertone mismatches ranked a little further
 * away. Exact: the L* window prefilter never drops a shade that could rank (see `lightnessWindow`).
 * With scope "per-brand", each brand's best, brands ordered by their best match.
 */
export function matchShades(index: ShadeIndex, query: MatchQuery): ShadeMatch[] {
  const brandKeys = query.brandKeys.length > 0 ? [...new Set(query.brandKeys)] : undefined;
  if (query.scope === 'across-brands' && !brandKeys) {
    const shades = index.inCategory(query.category);
    return shades ? nearest(shades, query) : [];
  }
  const perBrand = (brandKeys ?? index.brandKeys(query.category))
    .map((brandKey) => index.ofBrand(query.category, brandKey))
    .filter((shades) => shades !== undefined)
    .map((shades) => nearest(shades, query))
    .filter((matches) => matches.length > 0);
  if (query.scope === 'per-brand') {
    perBrand.sort((left, right) => compareMatches(left[0]!, right[0]!));
    return perBrand.flat();
  }
  return perBrand.flat().sort(compareMatches).slice(0, query.maxMatches);
}

/** The best `maxMatches` of one lightness-ordered group, widening the window until they are certain. */
function nearest(shades: LightnessOrderedShades, query: MatchQuery): ShadeMatch[] {
  const { lightness, entries } = shades;
  for (let radius = FIRST_RADIUS; ; radius *= 2) {
    const window = lightnessWindow(query.skin.l, radius);
    const last = radius >= LAST_RADIUS;
    const first = last ? 0 : lowerBound(lightness, window.low);
    const end = last ? entries.length : lowerBound(lightness, window.high);
    // Once the window spans the whole group every shade has been scored, whatever its distance.
    const complete = first === 0 && end === entries.length;
    const matches: ShadeMatch[] = [];
    for (let position = first; position < end; position++) {
      const entry = entries[position]!;
      if (query.inStockOnly && !entry.shade.inStock) continue;
      const deltaE = deltaE2000(query.skin, entry.shade.lab);
      const compatibility = undertoneCompatibility(query.skinUndertone, entry.shade.undertone);
      const score = deltaE + UNDERTONE_PENALTY[compatibility];
      // A shade beyond the radius could be outranked by one outside the window: not yet certain.
      if (score <= radius || complete) matches.push({ entry, deltaE, compatibility, score });
    }
    if (matches.length >= query.maxMatches || complete) return matches.sort(compareMatches).slice(0, query.maxMatches);
  }
}

/** Best first; ties by ΔE00, then shade id, so equal scores come out the same way every time. */
export function compareMatches(left: ShadeMatch, right: ShadeMatch): number {
  return left.score - right.score || left.deltaE - right.deltaE || (left.entry.shade.id < right.entry.shade.id ? -1 : left.entry.shade.id > right.entry.shade.id ? 1 : 0);
}
