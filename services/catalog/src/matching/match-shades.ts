import { deltaE2000, type Lab } from '@shine/color';
import { deltaE2000LowerBound, lightnessBound } from './delta-e2000-bound.ts';
import { lowerBound, type IndexedShade, type LightnessOrderedShades, type ShadeIndex } from './shade-index.ts';
import { UNDERTONE_PENALTY, undertoneCompatibility, type UndertoneCompatibility } from './undertone-compatibility.ts';
import type { Category, Price, Undertone } from '../catalog-record.ts';
import { amountInNanos } from '../store/money.ts';

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
  /** Only shades of products costing at most this, in its currency; undefined means any price. */
  maxPrice: Price | undefined;
}

export interface ShadeMatch {
  entry: IndexedShade;
  deltaE: number;
  compatibility: UndertoneCompatibility;
  /** ΔE00 plus the undertone penalty: what matches are ranked by. */
  score: number;
}

/** Brands in a per-brand answer: as many as a request may name. */
export const MAX_BRANDS_PER_ANSWER = 50;

/**
 * The shades nearest a skin colour by CIEDE2000, with undertone mismatches ranked a little further
 * away. Exact, as scoring every shade would be: shades are skipped only on lower bounds of ΔE00.
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
    // A big catalogue's every brand × 50 matches would near gRPC's 4 MB message limit.
    return perBrand.slice(0, MAX_BRANDS_PER_ANSWER).flat();
  }
  return perBrand.flat().sort(compareMatches).slice(0, query.maxMatches);
}

/**
 * The best `maxMatches` of one group. Walks outwards from the skin's L*, always to the nearer side;
 * |ΔL|/S_L only grows along each side, so once it exceeds the worst score kept on both sides, no
 * further shade can rank. Within the walk, a shade whose cheap ΔE00 bound already loses is skipped.
 */
function nearest(shades: LightnessOrderedShades, query: MatchQuery): ShadeMatch[] {
  const { lightness, a, b, chroma, entries } = shades;
  const { skin, maxMatches } = query;
  const skinChroma = Math.sqrt(skin.a * skin.a + skin.b * skin.b);
  const penalty = penaltiesFor(query.skinUndertone);
  const affordable = budgetOf(query.maxPrice, shades);
  const best: ShadeMatch[] = [];
  const worstKept = () => (best.length < maxMatches ? Number.POSITIVE_INFINITY : best[best.length - 1]!.score);

  let below = lowerBound(lightness, skin.l) - 1;
  let above = below + 1;
  while (below >= 0 || above < entries.length) {
    const belowBound = below >= 0 ? lightnessBound(skin.l, lightness[below]!) : Number.POSITIVE_INFINITY;
    const aboveBound = above < entries.length ? lightnessBound(skin.l, lightness[above]!) : Number.POSITIVE_INFINITY;
    const position = belowBound <= aboveBound ? below-- : above++;
    if (Math.min(belowBound, aboveBound) > worstKept()) break;

    const entry = entries[position]!;
    if (query.inStockOnly && !entry.shade.inStock) continue;
    if (!affordable(position)) continue;
    const shadePenalty = penalty(entry.shade.undertone);
    const bound = deltaE2000LowerBound(skin.l, skin.a, skin.b, skinChroma, lightness[position]!, a[position]!, b[position]!, chroma[position]!);
    if (bound - 1e-9 + shadePenalty > worstKept()) continue;

    const deltaE = deltaE2000(skin, entry.shade.lab);
    const compatibility = undertoneCompatibility(query.skinUndertone, entry.shade.undertone);
    const match: ShadeMatch = { entry, deltaE, compatibility, score: deltaE + UNDERTONE_PENALTY[compatibility] };
    if (best.length === maxMatches && compareMatches(match, best[best.length - 1]!) >= 0) continue;
    insertSorted(best, match, maxMatches);
  }
  return best;
}

/** Whether the shade at a position is within the budget: its product in the budget's currency and at most its amount. */
function budgetOf(maxPrice: Price | undefined, shades: LightnessOrderedShades): (position: number) => boolean {
  if (!maxPrice) return () => true;
  const limit = amountInNanos(maxPrice.amount);
  return (position) => shades.entries[position]!.price.currency === maxPrice.currency && shades.priceNanos[position]! <= limit;
}

function penaltiesFor(skinUndertone: Undertone | undefined): (shade: Undertone | undefined) => number {
  return (shade) => UNDERTONE_PENALTY[undertoneCompatibility(skinUndertone, shade)];
}

/** Keeps `list` sorted best first and at most `limit` long; `limit` is at most 50, so a linear insert. */
function insertSorted(list: ShadeMatch[], match: ShadeMatch, limit: number): void {
  let position = list.length;
  while (position > 0 && compareMatches(match, list[position - 1]!) < 0) position--;
  list.splice(position, 0, match);
  if (list.length > limit) list.pop();
}

/** Best first; ties by ΔE00, then shade id, so equal scores come out the same way every time. */
export function compareMatches(left: ShadeMatch, right: ShadeMatch): number {
  return (
    left.score - right.score ||
    left.deltaE - right.deltaE ||
    (left.entry.shade.id < right.entry.shade.id ? -1 : left.entry.shade.id > right.entry.shade.id ? 1 : 0)
  );
}
