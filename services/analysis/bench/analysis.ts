// npm run bench:analysis — the analysis pipeline as the service runs it (worker threads behind the
// bounded pool): model load + warm-up, warm latency per photo, throughput at concurrency 1/2/4/8,
// then throughput with tracing off and on (every photo sampled, its stage spans exported over
// OTLP/HTTP to a sink that discards them), round by round in this one process.
// The last line is one JSON object. Timing lives here, never in test assertions.
import { availableParallelism } from 'node:os';
import { trace, type ProxyTracerProvider, type TracerProvider } from '@opentelemetry/api';
import { startOtlpSink, startTelemetry } from '@shine/platform/bench';
import { SERVICE_RUNTIME_FLAGS } from '@shine/platform/service-node-args';
import sharp from 'sharp';
import { analyzeInSpans } from '../src/service/analyze-in-spans.ts';
import type { AnalysisWorkerData, TimedPhotoAnalysis } from '../src/workers/analysis-worker.ts';
import { InferencePool } from '../src/workers/inference-pool.ts';
import { FACE_PHOTOS, readTestPhoto } from '../src/testing/test-photos.ts';

// Measured as the image runs the service: its node flags are on this bench's command line (package.json).
const missingFlags = SERVICE_RUNTIME_FLAGS.filter((flag) => !process.execArgv.includes(flag));
if (missingFlags.length > 0) throw new Error(`run the bench with the service's node flags (npm run bench:analysis does): missing ${missingFlags.join(' ')}`);

const workers = Number(process.env['ANALYSIS_WORKERS'] ?? availableParallelism());
const roundsPerPhoto = Number(process.env['BENCH_ROUNDS'] ?? 20);
const tracingRounds = Number(process.env['BENCH_TRACING_ROUNDS'] ?? 4);

const started = performance.now();
const workerData: AnalysisWorkerData = { maxPixels: 40_000_000, backend: 'auto' };
const pool = new InferencePool({ workerUrl: new URL('../src/workers/analysis-worker.ts', import.meta.url), workerData, size: workers, queueLimit: 10_000 });
const backend = await pool.ready();
const loadMs = performance.now() - started;

// A 1080p selfie as a phone's front camera takes it: portrait 1080×1920, the face about half the
// frame's width (cut from the astronaut portrait around her face and scaled up).
const selfie = await sharp(await readTestPhoto('astronaut.png'))
  .extract({ left: 125, top: 0, width: 200, height: 356 })
  .resize({ width: 1080, height: 1920, fit: 'fill' })
  .jpeg({ quality: 90 })
  .toBuffer();
const photos: Array<[string, Buffer]> = [['selfie-1080p.jpg', selfie]];
for (const { name } of FACE_PHOTOS) photos.push([name, await readTestPhoto(name)]);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

// Warm-up: every photo once on every worker.
await Promise.all(photos.flatMap(([, bytes]) => Array.from({ length: workers }, () => pool.run<TimedPhotoAnalysis>(bytes))));

console.log(`backend ${backend}, ${workers} workers, models loaded and warm in ${round(loadMs, 0)} ms`);
const perPhoto: Record<string, { p50: number; p95: number }> = {};
const all: number[] = [];
for (const [name, bytes] of photos) {
  const times: number[] = [];
  for (let round = 0; round < roundsPerPhoto; round++) {
    const start = performance.now();
    await pool.run<TimedPhotoAnalysis>(bytes);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  perPhoto[name] = { p50: round(percentile(times, 0.5)), p95: round(percentile(times, 0.95)) };
  console.log(`${name.padEnd(18)} p50 ${perPhoto[name].p50.toFixed(1).padStart(6)} ms   p95 ${perPhoto[name].p95.toFixed(1).padStart(6)} ms`);
}
all.sort((a, b) => a - b);

/** CPU time (every thread of this process: workers, libvips, GC) per image at the last concurrency measured. */
let cpuMsPerImage = 0;

/**
 * Analyses `total` photos (cycling through them) with `concurrency` callers at once: images per
 * second and the CPU time (µs, every thread of this process) it took.
 */
async function drive(concurrency: number, total: number, analyze: (bytes: Buffer) => Promise<unknown>): Promise<{ rate: number; cpuUs: number }> {
  let next = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const [, bytes] = photos[next++ % photos.length]!;
        await analyze(bytes);
      }
    }),
  );
  const cpu = process.cpuUsage(cpuStart);
  return { rate: total / ((performance.now() - start) / 1000), cpuUs: cpu.user + cpu.system };
}

async function throughput(concurrency: number): Promise<number> {
  const total = Math.max(40, concurrency * 10);
  const { rate, cpuUs } = await drive(concurrency, total, (bytes) => pool.run<TimedPhotoAnalysis>(bytes));
  cpuMsPerImage = cpuUs / 1000 / total;
  return rate;
}

const rates: Record<number, number> = {};
for (const concurrency of [1, 2, 4, 8]) {
  rates[concurrency] = round(await throughput(concurrency), 2);
  console.log(`concurrency ${concurrency}: ${rates[concurrency]} images/s over all photos`);
}
// Tracing off against on: the SDK as the preload starts it, exporting to the sink; each round runs
// both back to back (the order alternating), and the ratio is the median over rounds.
const sink = await startOtlpSink();
Object.assign(process.env, {
  OTEL_SERVICE_NAME: 'analysis',
  OTEL_TRACES_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
  OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
  OTEL_TRACES_SAMPLER_ARG: '1',
});
const { sdk } = startTelemetry(process.env)!;
const tracing: TracerProvider = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate();
const tracedConcurrency = workers * 2;

/** CPU per image (every thread of this process) in each mode, summed over rounds: steadier than throughput on a shared machine. */
const tracingCpu = { on: { us: 0, images: 0 }, off: { us: 0, images: 0 } };

async function tracedThroughput(on: boolean): Promise<number> {
  if (on) trace.setGlobalTracerProvider(tracing);
  else trace.disable();
  const total = Math.max(24, tracedConcurrency * 6);
  const { rate, cpuUs } = await drive(tracedConcurrency, total, (bytes) => analyzeInSpans(bytes.byteLength, () => pool.run<TimedPhotoAnalysis>(bytes)));
  const spent = tracingCpu[on ? 'on' : 'off'];
  spent.us += cpuUs;
  spent.images += total;
  return rate;
}

const tracingRatios: number[] = [];
for (let index = 0; index < tracingRounds; index++) {
  const order = index % 2 === 0 ? [false, true] : [true, false];
  const rate = new Map<boolean, number>();
  for (const on of order) rate.set(on, await tracedThroughput(on));
  tracingRatios.push(rate.get(true)! / rate.get(false)!);
  console.log(`tracing round ${index + 1}: off ${round(rate.get(false)!, 2)}, on ${round(rate.get(true)!, 2)} images/s at concurrency ${tracedConcurrency}`);
}
trace.setGlobalTracerProvider(tracing);
await sdk.shutdown();
await sink.close();
await pool.close();

console.log(
  JSON.stringify({
    backend,
    workers,
    load_ms: round(loadMs, 0),
    p50_ms: perPhoto['selfie-1080p.jpg']!.p50,
    p95_ms: perPhoto['selfie-1080p.jpg']!.p95,
    p50_ms_all_photos: round(percentile(all, 0.5)),
    p95_ms_all_photos: round(percentile(all, 0.95)),
    throughput_c1: rates[1],
    throughput_c2: rates[2],
    throughput_c4: rates[4],
    throughput_c8: rates[8],
    // Less noisy than throughput on a shared machine: time stolen by neighbours is not ours.
    cpu_ms_per_image_c8: round(cpuMsPerImage),
    rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    tracing: 'parentbased_traceidratio 1.0, OTLP/HTTP to a discarding sink',
    tracing_throughput_ratio: round(percentile([...tracingRatios].sort((a, b) => a - b), 0.5), 3),
    tracing_concurrency: tracedConcurrency,
    tracing_cpu_ms_per_image_off: round(tracingCpu.off.us / 1000 / tracingCpu.off.images),
    tracing_cpu_ms_per_image_on: round(tracingCpu.on.us / 1000 / tracingCpu.on.images),
    tracing_exported_kib: Math.round(sink.received().bytes / 1024),
  }),
);
