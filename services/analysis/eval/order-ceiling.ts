/** A measured face: its skin's L* and the level a person judged it. */
export interface MeasuredLevel {
  readonly lightness: number;
  readonly level: number;
}

/**
 * The most faces that any Monk scale monotone in the measured lightness (lighter skin never a
 * deeper level) could place within one level of their labels, fitted on these very faces: how
 * well the measurement orders the faces, whatever the scale. When it is below a target, no
 * calibration can reach the target; only a measurement that orders the faces better can.
 * Exact, by dynamic programming over the faces from lightest to deepest and the level given
 * to each (levels never fall), ties in lightness taken in the order given.
 */
export function orderCeiling(faces: readonly MeasuredLevel[]): { within1: number; within1_pct: number } {
  const ordered = faces.toSorted((p, q) => q.lightness - p.lightness);
  // best[k]: the most agreements so far with the last face at level k + 1 or lower.
  let best = new Array<number>(10).fill(0);
  for (const { level } of ordered) {
    const next = best.map((upTo, k) => upTo + (Math.abs(k + 1 - level) <= 1 ? 1 : 0));
    for (let k = 1; k < 10; k++) next[k] = Math.max(next[k]!, next[k - 1]!);
    best = next;
  }
  const within1 = best[9]!;
  return { within1, within1_pct: faces.length ? Math.round((1000 * within1) / faces.length) / 10 : 0 };
}
