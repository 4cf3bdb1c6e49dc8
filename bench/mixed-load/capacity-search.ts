// The capacity: the highest arrival rate a trial passes at. The rate grows by `growth` until a
// trial fails, then the gap between the last pass and the first failure is bisected.

export interface CapacitySearch {
  readonly startRate: number;
  /** Each step up multiplies the rate by this (at least 1.1). */
  readonly growth: number;
  /** No trial above this rate: the capacity is "at least maxRate" when it passes. */
  readonly maxRate: number;
  /** Stop bisecting once the failing rate is within this factor of the passing one (e.g. 1.1: 10%). */
  readonly resolution: number;
  /** Below this the search gives up stepping down: the capacity is then 0. */
  readonly minRate: number;
}

export interface Trial<Result> {
  readonly rate: number;
  readonly passed: boolean;
  readonly result: Result;
}

export interface CapacityFound<Result> {
  /** The highest rate that passed; 0 when none did. */
  readonly capacity: number;
  /** The passing trial at `capacity`, if any. */
  readonly atCapacity: Trial<Result> | undefined;
  /** Whether the search stopped at `maxRate` still passing (the real capacity lies higher). */
  readonly limitedByMaxRate: boolean;
  /** Every trial, in the order run. */
  readonly trials: readonly Trial<Result>[];
}

/** Round to 2 significant digits so trial rates read well (13.7, not 13.671875). */
const tidy = (rate: number) => Number(rate.toPrecision(2));

export async function searchCapacity<Result>(
  search: CapacitySearch,
  runTrial: (rate: number) => Promise<{ passed: boolean; result: Result }>,
): Promise<CapacityFound<Result>> {
  if (!(search.growth >= 1.1) || !(search.resolution > 1) || !(search.minRate > 0) || !(search.startRate >= search.minRate)) {
    throw new Error(`a capacity search needs growth >= 1.1 (rates keep 2 significant digits), resolution > 1 and 0 < minRate <= startRate: ${JSON.stringify(search)}`);
  }
  const trials: Trial<Result>[] = [];
  const attempt = async (rate: number) => {
    const trial = { rate, ...(await runTrial(rate)) };
    trials.push(trial);
    return trial;
  };
  let pass: Trial<Result> | undefined;
  let fail: Trial<Result> | undefined;
  // Up while passing; down (by the same factor) while the very first rates fail.
  for (let rate = tidy(Math.min(search.startRate, search.maxRate)); ; ) {
    const trial = await attempt(rate);
    if (trial.passed) {
      pass = trial;
      if (fail || rate >= search.maxRate) break;
      rate = tidy(Math.min(rate * search.growth, search.maxRate));
    } else {
      fail = trial;
      if (pass) break;
      rate = tidy(rate / search.growth);
      if (rate < search.minRate) break;
    }
  }
  while (pass && fail && fail.rate > pass.rate * search.resolution) {
    const middle = tidy(Math.sqrt(pass.rate * fail.rate));
    if (middle <= pass.rate || middle >= fail.rate) break;
    const trial = await attempt(middle);
    if (trial.passed) pass = trial;
    else fail = trial;
  }
  return { capacity: pass?.rate ?? 0, atCapacity: pass, limitedByMaxRate: pass !== undefined && fail === undefined, trials };
}
