// One run of the mix at a fixed arrival rate: a warm-up whose answers are dropped (queues and
// caches settle), then the measured window.
import { seededRandom } from '@shine/platform/seeded-random';
import type { HttpCall } from './http-send.ts';
import { summariseRun, type RunSummary } from './latency-summary.ts';
import { runOpenLoop, type Sample } from './open-loop.ts';
import { poissonArrivals } from './poisson-arrivals.ts';
import type { RouteKind } from './route-mix.ts';

export interface MixedTrial {
  readonly rate: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  /** The kinds in the order they are sent, repeated (routeCycle). */
  readonly cycle: readonly RouteKind[];
  readonly call: (kind: RouteKind, index: number) => HttpCall;
  readonly send: (call: HttpCall, signal: AbortSignal) => Promise<number>;
  readonly timeoutMs: number;
  /** Arrival times and the mix start from this seed: two runs at one rate offer the same load. */
  readonly seed: number;
}

export interface MixedTrialResult {
  readonly summary: RunSummary;
  /** The measured window's samples, with `atMs` from the start of that window. */
  readonly samples: readonly Sample<RouteKind>[];
  /** This process's CPU per request sent (the generator shares the machine with what it loads). */
  readonly generatorCpuUsPerRequest: number;
}

export async function runMixedTrial(trial: MixedTrial): Promise<MixedTrialResult> {
  const warmupMs = trial.warmupSeconds * 1000;
  const random = seededRandom(trial.seed);
  const arrivals = poissonArrivals(trial.rate, warmupMs + trial.seconds * 1000, random);
  // Each kind's own counter picks its subject, photo or product, so every kind walks its whole fixture.
  const sentOfKind = new Map<RouteKind, number>();
  const offset = random.integer(0, trial.cycle.length - 1);
  const cpuBefore = process.cpuUsage();
  const all = await runOpenLoop({
    arrivals,
    kindOf: (index) => trial.cycle[(index + offset) % trial.cycle.length]!,
    send: (kind, _index, signal) => {
      const nth = sentOfKind.get(kind) ?? 0;
      sentOfKind.set(kind, nth + 1);
      return trial.send(trial.call(kind, nth), signal);
    },
    timeoutMs: trial.timeoutMs,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const samples = all.filter((sample) => sample.atMs >= warmupMs).map((sample) => ({ ...sample, atMs: sample.atMs - warmupMs }));
  const generatorCpuUsPerRequest = all.length === 0 ? 0 : Math.round((cpu.user + cpu.system) / all.length);
  return { summary: summariseRun(samples, trial.rate, trial.seconds), samples, generatorCpuUsPerRequest };
}
