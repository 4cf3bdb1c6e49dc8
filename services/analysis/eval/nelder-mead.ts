/**
 * Minimises `f` from `start` by the Nelder-Mead simplex (standard coefficients: reflection 1,
 * expansion 2, contraction ½, shrink ½), from an initial simplex of `step` along each axis.
 * Stops when the simplex's values agree within `tolerance` or after `maxIterations`.
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  { step = 0.5, tolerance = 1e-10, maxIterations = 20_000 } = {},
): number[] {
  const n = start.length;
  let simplex = [start.slice(), ...start.map((_, axis) => start.map((value, i) => (i === axis ? value + step : value)))];
  let values = simplex.map(f);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const order = values.map((_, i) => i).sort((p, q) => values[p]! - values[q]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[n]! - values[0]!) <= tolerance * (Math.abs(values[0]!) + tolerance)) break;
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((sum, point) => sum + point[i]!, 0) / n);
    const along = (t: number) => centroid.map((c, i) => c + t * (simplex[n]![i]! - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < values[0]!) {
      const expanded = along(-2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n]! ? along(-0.5) : along(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n]!)) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        simplex = simplex.map((point) => point.map((value, i) => simplex[0]![i]! + 0.5 * (value - simplex[0]![i]!)));
        values = simplex.map(f);
      }
    }
  }
  return simplex[values.indexOf(Math.min(...values))]!;
}
