export type ItaClass = 'very-light' | 'light' | 'intermediate' | 'tan' | 'brown' | 'dark';

// Lower bounds (exclusive) of each class in degrees: Chardon et al. 1991, extended with the
// "dark" class by Del Bino et al. 2006 (Pigment Cell Res. 19:606). A class includes its upper bound.
export const ITA_CLASS_LOWER_BOUNDS = [
  { itaClass: 'very-light', above: 55 },
  { itaClass: 'light', above: 41 },
  { itaClass: 'intermediate', above: 28 },
  { itaClass: 'tan', above: 10 },
  { itaClass: 'brown', above: -30 },
] as const satisfies readonly { itaClass: ItaClass; above: number }[];

/** very light > 55° ≥ light > 41° ≥ intermediate > 28° ≥ tan > 10° ≥ brown > −30° ≥ dark. */
export function itaClass(ita: number): ItaClass {
  for (const bound of ITA_CLASS_LOWER_BOUNDS) {
    if (ita > bound.above) return bound.itaClass;
  }
  return 'dark';
}
