// `npm run bench:mixed` (and the last part of `npm run bench`): the whole platform as deployed,
// every service its own process with PostgreSQL and Kafka (tests/support/shine-stack.ts), under an
// open-loop mix of real photo uploads, palettes, shade matches, product pages and recommendations
// through the gateway. It finds the capacity (the highest arrival rate whose uploads keep the
// analysis SLO's p95 and whose answers are all 2xx), or measures one rate (--rate), or soaks
// (--soak: --minutes at --rate, else at 70% of the capacity it finds first).
// Progress on stderr; the last stdout line is one JSON object.
//   --quick            a smoke run: short trials, coarse search (~1-2 min with the stack's start)
//   --rate N           measure N requests/s (no search); with --soak, soak at N
//   --seconds N        measured seconds per trial (default 15; quick 4)
//   --soak             soak mode; --minutes N (default 10), --warmup-minutes N (default 1)
//   --max-rate N       never offer more than N requests/s (default 200)
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startShineStack, type ServiceName } from '../tests/support/shine-stack.ts';
import { searchCapacity } from './mixed-load/capacity-search.ts';
import { createHttpSender } from './mixed-load/http-send.ts';
import { runMixedTrial, type MixedTrialResult } from './mixed-load/mixed-trial.ts';
import { ROUTE_WEIGHTS, routeCycle } from './mixed-load/route-mix.ts';
import { residentByName } from './mixed-load/service-rss.ts';
import { prepareVisitors } from './mixed-load/shine-visitors.ts';
import { judgeRun, SLO } from './mixed-load/slo.ts';
import { soakReport, soakShortfalls } from './mixed-load/soak-report.ts';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    soak: { type: 'boolean', default: false },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    minutes: { type: 'string', default: '10' },
    'warmup-minutes': { type: 'string', default: '1' },
    'max-rate': { type: 'string', default: '200' },
  },
});
const positive = (name: string, text: string | undefined) => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`--${name} must be a positive number, not "${text}"`);
  return value;
};
const quick = flags.quick;
const givenRate = positive('rate', flags.rate);
const seconds = positive('seconds', flags.seconds) ?? (quick ? 4 : 15);
const warmupSeconds = quick ? 1 : 3;
const soakMinutes = positive('minutes', flags.minutes)!;
const soakWarmupMinutes = positive('warmup-minutes', flags['warmup-minutes'])!;
// Whole minutes: the report reads each service's RSS at the end of each, and compares after the warm-up.
if (!Number.isInteger(soakMinutes) || !Number.isInteger(soakWarmupMinutes) || soakMinutes <= soakWarmupMinutes) {
  throw new Error(`--minutes (${soakMinutes}) must be a whole number of minutes above --warmup-minutes (${soakWarmupMinutes})`);
}
const maxRate = positive('max-rate', flags['max-rate'])!;
const soakShare = 0.7;
const log = (message: string) => process.stderr.write(`bench:mixed: ${message}\n`);
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

const benchStarted = performance.now();
log('starting every service with PostgreSQL and Kafka…');
const stack = await startShineStack({
  // As deployed: one inference worker per core (the stack's test default is 1), fewer malloc arenas (the image's setting).
  env: {
    analysis: { ANALYSIS_WORKERS: String(availableParallelism()), MALLOC_ARENA_MAX: '2' },
    palette: { MALLOC_ARENA_MAX: '2' },
    catalog: { MALLOC_ARENA_MAX: '2' },
    recommender: { MALLOC_ARENA_MAX: '2' },
    gateway: { MALLOC_ARENA_MAX: '2' },
  },
});
const sender = createHttpSender(stack.origin);
const pids = () => Object.fromEntries((Object.keys(stack.services) as ServiceName[]).map((name) => [name, stack.services[name].child.pid]));
const peakRss: Record<string, number> = {};
const sampleRss = () => {
  const now = residentByName(pids());
  for (const [name, mib] of Object.entries(now)) if (mib !== undefined) peakRss[name] = Math.max(peakRss[name] ?? 0, mib);
  return now;
};
const rssSampler = setInterval(sampleRss, 1000);
const stopTimers = [() => clearInterval(rssSampler)];
try {
  log(`events on ${stack.events}; signing in visitors and uploading every test photo once…`);
  const visitors = await prepareVisitors(stack.origin, stack.token, quick ? 4 : 16);
  log(`${visitors.subjects} subjects, ${visitors.photos} photos, ${visitors.products} products; mix per 20 requests ${JSON.stringify(ROUTE_WEIGHTS)}`);
  // Fresh tokens well before the stack's expire (10 minutes): an expired one would count as the platform's error.
  const tokenRenewal = setInterval(() => void visitors.renewTokens().catch((error: unknown) => log(`renewing tokens failed: ${String(error)}`)), 4 * 60_000);
  stopTimers.push(() => clearInterval(tokenRenewal));
  const cycle = routeCycle(ROUTE_WEIGHTS);
  const runAt = (rate: number, trialSeconds: number, trialWarmupSeconds: number) =>
    runMixedTrial({ rate, seconds: trialSeconds, warmupSeconds: trialWarmupSeconds, cycle, call: visitors.call, send: sender.send, timeoutMs: 30_000, seed: 25 });
  const describe = (result: MixedTrialResult) => {
    const { summary } = result;
    const kinds = Object.entries(summary.kinds).map(([kind, each]) => `${kind} ${each.p95_ms}`).join(', ');
    return `${summary.requests} requests, ${summary.throughput_rps}/s ok, errors ${summary.error_rate.toFixed(3)}, p95 ms: ${kinds}; generator lag ≤ ${summary.max_send_lag_ms} ms, ${result.generatorCpuUsPerRequest} µs CPU/request`;
  };
  const trialRecord = (rate: number, passed: boolean, result: MixedTrialResult, reasons: readonly string[]) => ({
    rate,
    passed,
    ...(reasons.length > 0 ? { reasons } : {}),
    throughput_rps: result.summary.throughput_rps,
    error_rate: result.summary.error_rate,
    upload_p95_ms: result.summary.kinds['upload']?.p95_ms,
    p95_ms: result.summary.p95_ms,
  });
  const search = async () => {
    const found = await searchCapacity(
      { startRate: quick ? 2 : 4, growth: 2, maxRate, resolution: quick ? 1.5 : 1.15, minRate: 0.25 },
      async (rate) => {
        log(`trial at ${rate} requests/s for ${warmupSeconds} + ${seconds} s…`);
        const result = await runAt(rate, seconds, warmupSeconds);
        const verdict = judgeRun(result.summary);
        log(`  ${verdict.met ? 'within the SLO' : `missed: ${verdict.reasons.join('; ')}`}: ${describe(result)}`);
        // Answers still in flight are awaited by the trial; a short pause lets the event consumers catch up.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        return { passed: verdict.met, result };
      },
    );
    log(`capacity: ${found.capacity} requests/s${found.limitedByMaxRate ? ` (or more: --max-rate ${maxRate} reached)` : ''} after ${found.trials.length} trials`);
    return found;
  };
  const common = () => ({
    slo: {
      source: 'monitoring/prometheus/rules/shine-alerts.rules.yml',
      upload_p95_ms: SLO.analysisLatencySeconds * 1000,
      error_rate: 0,
      note: `analysis latency objective (95% within ${SLO.analysisLatencySeconds} s) applied to uploads at the edge; zero errors, stricter than the ${SLO.edgeAvailability * 100}% edge availability`,
    },
    mix_per_20_requests: ROUTE_WEIGHTS,
    arrivals: 'poisson (open loop)',
    events: stack.events,
    photos: visitors.photos,
    subjects: visitors.subjects,
    rss_mib: sampleRss(),
    rss_peak_mib: peakRss,
    cpus: availableParallelism(),
    load_average_1m: round(loadavg()[0]!, 2),
    duration_s: Math.round((performance.now() - benchStarted) / 1000),
  });

  if (flags.soak) {
    const rate = givenRate ?? round((await search()).capacity * soakShare, 2);
    if (!(rate > 0)) throw new Error('no capacity was found to soak at: give one with --rate');
    log(`soaking at ${rate} requests/s for ${soakMinutes} minutes (the first ${soakWarmupMinutes} a warm-up)…`);
    const rssAtMinuteEnd: Array<Record<string, number | undefined>> = [];
    const minuteTimer = setInterval(() => {
      rssAtMinuteEnd.push(sampleRss());
      log(`  minute ${rssAtMinuteEnd.length}: RSS MiB ${JSON.stringify(rssAtMinuteEnd.at(-1))}`);
    }, 60_000);
    const result = await runAt(rate, soakMinutes * 60, 0).finally(() => clearInterval(minuteTimer));
    // The last minute's answers can all be in before its timer fires: read its RSS now.
    if (rssAtMinuteEnd.length < soakMinutes) rssAtMinuteEnd.push(sampleRss());
    const report = soakReport(result.samples, rssAtMinuteEnd.slice(0, soakMinutes), soakWarmupMinutes);
    const shortfalls = soakShortfalls(report, { rssGrowth: 0.1, uploadP95Ms: SLO.analysisLatencySeconds * 1000 });
    log(shortfalls.length === 0 ? 'soak: zero errors, RSS steady, p95 within the SLO every minute' : `soak missed: ${shortfalls.join('; ')}`);
    console.log(JSON.stringify({ mode: 'soak', rate_rps: rate, ...(givenRate ? {} : { soak_share_of_capacity: soakShare }), passed: shortfalls.length === 0, shortfalls, ...report, summary: result.summary, ...common() }));
  } else if (givenRate) {
    const result = await runAt(givenRate, seconds, warmupSeconds);
    const verdict = judgeRun(result.summary);
    log(`at ${givenRate} requests/s: ${describe(result)}`);
    const { summary } = result;
    console.log(
      JSON.stringify({ mode: 'rate', rate_rps: givenRate, within_slo: verdict.met, reasons: verdict.reasons, latency_ms: summary.kinds, throughput_rps: summary.throughput_rps, error_rate: summary.error_rate, error_statuses: summary.error_statuses, requests: summary.requests, max_send_lag_ms: summary.max_send_lag_ms, generator_cpu_us_per_request: result.generatorCpuUsPerRequest, ...common() }),
    );
  } else {
    const found = await search();
    const at = found.atCapacity?.result.summary;
    console.log(
      JSON.stringify({
        mode: 'capacity',
        capacity_rps: found.capacity,
        capacity_limited_by_max_rate: found.limitedByMaxRate,
        // The figures of the trial at the capacity: what the platform does at its best rate within the SLO.
        latency_ms: at?.kinds ?? {},
        throughput_rps: at?.throughput_rps ?? 0,
        error_rate: at?.error_rate ?? null,
        requests: at?.requests ?? 0,
        max_send_lag_ms: at?.max_send_lag_ms ?? null,
        generator_cpu_us_per_request: found.atCapacity?.result.generatorCpuUsPerRequest ?? null,
        trial_seconds: seconds,
        trials: found.trials.map((trial) => trialRecord(trial.rate, trial.passed, trial.result, judgeRun(trial.result.summary).reasons)),
        ...common(),
      }),
    );
  }
} finally {
  for (const stop of stopTimers) stop();
  sender.close();
  await stack.stop();
}
