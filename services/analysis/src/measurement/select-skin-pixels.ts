import { DEFAULT_MODIFIED_Z_THRESHOLD, medianInPlace, MODIFIED_Z_SCALE, selectInPlace, type Lab } from '@shine/color';

// Luminance percentiles kept: the darkest 10% are shadows, pores, stray hairs and brow or lash
// edges; the brightest 5% are shine. Skin lit from one side still keeps its middle 85%.
export const SHADOW_PERCENTILE = 0.1;
export const HIGHLIGHT_PERCENTILE = 0.95;

export interface SkinPixels {
  /** Per-channel median of the kept pixels; NaN channels when none were kept. */
  readonly lab: Lab;
  /** Pixels kept (clipped ones among them included). */
  readonly count: number;
}

const NOTHING: SkinPixels = { lab: { l: Number.NaN, a: Number.NaN, b: Number.NaN }, count: 0 };

/**
 * The robust colour of one skin region from its pixels' L*, a*, b* (interleaved): drop the
 * shadow and highlight tails by L* percentile, then drop every pixel that is an outlier in L*, a*
 * or b* by the modified z-score (Iglewicz & Hoaglin: |0.6745 (x − median) / MAD| > 3.5: makeup,
 * moles, a specular spot that survived the percentile cut, background at the edge), and take the
 * median of each channel. Linear-time selection throughout, no sorting.
 *
 * `clipped` more pixels of the region were too bright to measure (see pixelsToLab). They are
 * ranked above every measured one, so an over-exposed region's L* median is not taken from its
 * darker, measurable part alone; their a* and b* are unknown and leave those medians alone.
 */
export function selectSkinPixels(lab: Float32Array, clipped = 0): SkinPixels {
  const n = Math.floor(lab.length / 3);
  const total = n + clipped;
  const lowRank = Math.floor(SHADOW_PERCENTILE * (total - 1));
  const highRank = Math.ceil(HIGHLIGHT_PERCENTILE * (total - 1));
  if (n === 0 || lowRank >= n) return NOTHING;
  const scratch = new Float32Array(n);
  for (let i = 0; i < n; i++) scratch[i] = lab[3 * i]!;
  const low = selectInPlace(scratch, lowRank);
  const high = highRank < n ? selectInPlace(scratch, highRank) : Number.POSITIVE_INFINITY;
  // Clipped pixels hold the ranks above the measured ones; those up to the highlight cut are kept.
  const clippedKept = Math.max(0, Math.min(clipped, highRank - n + 1));

  const channels = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const l = lab[3 * i]!;
    if (l < low || l > high) continue;
    channels[0][m] = l;
    channels[1][m] = lab[3 * i + 1]!;
    channels[2][m] = lab[3 * i + 2]!;
    m++;
  }
  const [l, a, b] = channels.map((channel) => channel.subarray(0, m)) as [Float32Array, Float32Array, Float32Array];
  const keep = new Uint8Array(m).fill(1);
  // With its top clipped the L* distribution is lopsided, so only a* and b* judge outliers then.
  if (clippedKept === 0) markOutliers(l, keep, scratch);
  markOutliers(a, keep, scratch);
  markOutliers(b, keep, scratch);
  let count = 0;
  for (let i = 0; i < m; i++) {
    if (keep[i] === 0) continue;
    l[count] = l[i]!;
    a[count] = a[i]!;
    b[count] = b[i]!;
    count++;
  }
  if (count === 0) return NOTHING;
  const keptL = l.subarray(0, count);
  return {
    lab: {
      l: clippedKept === 0 ? medianInPlace(keptL) : selectInPlace(keptL, Math.min(count - 1, (count + clippedKept - 1) >> 1)),
      a: medianInPlace(a.subarray(0, count)),
      b: medianInPlace(b.subarray(0, count)),
    },
    count: count + clippedKept,
  };
}

/** Clears `keep` where the modified z-score of `values` passes 3.5; `scratch` is as long as `values` or longer. */
function markOutliers(values: Float32Array, keep: Uint8Array, scratch: Float32Array): void {
  const n = values.length;
  if (n === 0) return;
  const work = scratch.subarray(0, n);
  work.set(values);
  const center = medianInPlace(work);
  for (let i = 0; i < n; i++) work[i] = Math.abs(values[i]! - center);
  let scale = medianInPlace(work) / MODIFIED_Z_SCALE;
  if (scale === 0) {
    // Over half the values equal: the mean absolute deviation (≈ 0.7979 σ) stands in, as in @shine/color's madOutlierMask.
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(values[i]! - center);
    scale = sum / n / 0.7978845608;
  }
  if (scale === 0) return;
  const limit = DEFAULT_MODIFIED_Z_THRESHOLD * scale;
  for (let i = 0; i < n; i++) if (Math.abs(values[i]! - center) > limit) keep[i] = 0;
}
