// What a soak shows: per minute, the latency and errors at a steady rate, and how each service's
// memory moved after the warm-up (a leak grows steadily; a healthy service levels off).
import { percentile } from '@shine/platform/bench';
import type { Sample } from './open-loop.ts';

export interface SoakMinute {
  readonly minute: number;
  readonly requests: number;
  readonly errors: number;
  readonly p95_ms: number;
  readonly upload_p95_ms: number;
  /** Each service's resident memory at the end of this minute, MiB. */
  readonly rss_mib: Readonly<Record<string, number | undefined>>;
}

export interface SoakReport {
  readonly minutes: readonly SoakMinute[];
  readonly warmup_minutes: number;
  readonly errors: number;
  /** Per service: (RSS at the end − RSS at the end of the warm-up) / RSS at the end of the warm-up. */
  readonly rss_growth_after_warmup: Readonly<Record<string, number | undefined>>;
  /** Highest over lowest per-minute p95 after the warm-up: 1 is perfectly steady. */
  readonly p95_spread_after_warmup: number;
  readonly upload_p95_max_after_warmup_ms: number;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const succeeded = (sample: Sample) => sample.status >= 200 && sample.status < 300;

/** `rssAtMinuteEnd[m]` is every service's RSS at the end of minute m (0-based). */
export function soakReport(samples: readonly Sample[], rssAtMinuteEnd: readonly Readonly<Record<string, number | undefined>>[], warmupMinutes: number): SoakReport {
  const minutes: SoakMinute[] = rssAtMinuteEnd.map((rss, minute) => {
    const inMinute = samples.filter((sample) => sample.atMs >= minute * 60_000 && sample.atMs < (minute + 1) * 60_000);
    return {
      minute: minute + 1,
      requests: inMinute.length,
      errors: inMinute.filter((sample) => !succeeded(sample)).length,
      p95_ms: round(percentile(inMinute.map((sample) => sample.latencyMs), 0.95)),
      upload_p95_ms: round(percentile(inMinute.filter((sample) => sample.kind === 'upload').map((sample) => sample.latencyMs), 0.95)),
      rss_mib: rss,
    };
  });
  const settled = minutes.slice(warmupMinutes);
  const baseline = minutes[warmupMinutes - 1]?.rss_mib ?? {};
  const last = minutes.at(-1)?.rss_mib ?? {};
  const growth = Object.fromEntries(
    Object.keys(last).map((service) => {
      const before = baseline[service];
      const after = last[service];
      return [service, before && after !== undefined ? round((after - before) / before, 3) : undefined];
    }),
  );
  const p95s = settled.map((minute) => minute.p95_ms).filter((value) => Number.isFinite(value));
  return {
    minutes,
    warmup_minutes: warmupMinutes,
    errors: samples.filter((sample) => !succeeded(sample)).length,
    rss_growth_after_warmup: growth,
    p95_spread_after_warmup: p95s.length === 0 ? Number.NaN : round(Math.max(...p95s) / Math.min(...p95s), 2),
    upload_p95_max_after_warmup_ms: round(Math.max(...settled.map((minute) => minute.upload_p95_ms).filter((value) => Number.isFinite(value)))),
  };
}

export interface SoakLimits {
  /** Highest RSS growth after the warm-up per service (0.1: 10%). */
  readonly rssGrowth: number;
  readonly uploadP95Ms: number;
}

/** Why the soak missed its targets; empty when it met them all. */
export function soakShortfalls(report: SoakReport, limits: SoakLimits): string[] {
  const shortfalls: string[] = [];
  if (report.errors > 0) shortfalls.push(`${report.errors} requests failed`);
  for (const [service, growth] of Object.entries(report.rss_growth_after_warmup)) {
    if (growth === undefined) shortfalls.push(`${service}: no RSS to compare (did it exit?)`);
    else if (growth >= limits.rssGrowth) shortfalls.push(`${service}: RSS grew ${(growth * 100).toFixed(1)}% after the warm-up`);
  }
  if (!(report.upload_p95_max_after_warmup_ms <= limits.uploadP95Ms)) shortfalls.push(`upload p95 reached ${report.upload_p95_max_after_warmup_ms} ms in a minute`);
  return shortfalls;
}
