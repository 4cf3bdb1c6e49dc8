/** Percentiles of values in [0, max) to max/bins, counted into bins instead of sorting every sample. */
export class LinearHistogram {
  readonly max: number;
  readonly bins: Uint32Array;
  count = 0;

  constructor(max: number, bins: number) {
    this.max = max;
    this.bins = new Uint32Array(bins);
  }

  /** Counts a value; values past the range land in the top bin. */
  add(value: number): void {
    const last = this.bins.length - 1;
    this.bins[Math.min(last, Math.max(0, Math.floor((value / this.max) * this.bins.length)))]!++;
    this.count++;
  }

  /** The value (bin centre) below which a fraction `p` of the samples lie; NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = p * (this.count - 1);
    let seen = 0;
    for (let bin = 0; bin < this.bins.length; bin++) {
      seen += this.bins[bin]!;
      if (seen > rank) return ((bin + 0.5) / this.bins.length) * this.max;
    }
    return this.max;
  }
}
