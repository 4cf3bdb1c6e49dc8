// `npm run bench:gateway`: GetPalette (~700 B of JSON) through the gateway vs straight over gRPC,
// on this machine, in one run, at concurrency 1 and 64, with grpc-gateway beside it as the peer.
//
// Processes: the fixture palette backend (a real gRPC server from @shine/platform); Shine's gateway
// (src/main.ts as deployed, without the tracing preload, as the peer runs without tracing;
// BENCH_TELEMETRY=1 adds it) with GATEWAY_THREADS=2; the same gateway traced (the preload, every
// request sampled, spans exported over OTLP/HTTP to a sink in this process that reads and discards
// them), and again sampling one request in ten as the chart does by default (BENCH_TRACING=0
// leaves both out), one per core of this machine, as Go gives the
// peer a thread per core (BENCH_GATEWAY_THREADS changes it); grpc-gateway v2.33 with runtime.NewServeMux defaults in front of the
// same backend (built by peer-grpc-gateway/build.sh; BENCH_PEER=0, or no Go, leaves it out; a failed build stops the bench); and
// one load process per measurement (load.ts): autocannon for REST, a lean node:http2 gRPC loop for
// direct calls, both keep-alive, same concurrency.
//
// This machine's speed drifts by a third within minutes, so a ratio of two numbers taken minutes
// apart says more about the drift than about the gateway. Each round therefore measures direct,
// Shine and the peer back to back (the order rotates), ratios and added latencies are taken within
// the round, and the medians over BENCH_ROUNDS rounds are reported. A grpc-js client loop is
// measured once per concurrency as a second reference. Other processes' CPU use during the run is
// reported, since it makes any run on a shared machine noisy.
//
// The last line is one JSON object: added_p50_ms and added_p99_ms (c=1), throughput_ratio (c=64,
// gateway ÷ direct), the same for the peer when it ran, CPU per request and RSS, and what tracing
// costs: tracing_throughput_ratio (c=64, traced ÷ untraced gateway, within rounds; target ≥ 0.9).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startOtlpSink } from '@shine/platform/bench';
import { residentMiB, untilReady } from '@shine/platform/testing';
import { SERVICE_RUNTIME_FLAGS } from '@shine/platform/service-node-args';

const rssMiB = (pid: number) => residentMiB(pid) ?? NaN;

const here = fileURLToPath(new URL('.', import.meta.url));
const gatewayDir = fileURLToPath(new URL('..', import.meta.url));
const seconds = Number(process.env['BENCH_SECONDS'] ?? 4);
const warmupSeconds = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 5);
const gatewayPort = 18_000 + Math.floor(Math.random() * 2_000);
const sidePort = gatewayPort + 1;
const peerPort = gatewayPort + 2;
const tracedPort = gatewayPort + 3;
const tracedSidePort = gatewayPort + 4;
const sampledPort = gatewayPort + 5;
const sampledSidePort = gatewayPort + 6;
const telemetry = process.env['BENCH_TELEMETRY'] === '1';
const withTracing = process.env['BENCH_TRACING'] !== '0';
const withPeer = process.env['BENCH_PEER'] !== '0';
const gatewayThreads = Number(process.env['BENCH_GATEWAY_THREADS'] ?? 2);
const restPath = '/v1/palettes?monk=5&undertone=UNDERTONE_WARM';

interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  cpu_us_per_request: number;
}

/** One load run and the CPU each server process spent per request meanwhile. */
interface Measurement {
  result: LoadResult;
  serverCpuUsPerRequest: number[];
}

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('exit', stopAll);

async function firstLine(child: ChildProcess): Promise<string> {
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return line;
}

async function startBackend(): Promise<ChildProcess & { port: number }> {
  const child = spawn(process.execPath, [`${here}backend.ts`], { cwd: gatewayDir, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return Object.assign(child, { port: (JSON.parse(await firstLine(child)) as { port: number }).port });
}

/** A gateway on `port`; `tracing` gives it the preload and these OTEL_* variables. */
async function startGateway(backendPort: number, port: number, side: number, tracing?: Record<string, string>): Promise<ChildProcess> {
  const preload = telemetry || tracing ? ['--import', '@shine/platform/telemetry'] : [];
  // As deployed: the image's runtime flags (single-threaded GC among them), the preload only when traced.
  const child = spawn(process.execPath, [...SERVICE_RUNTIME_FLAGS, ...preload, 'src/main.ts'], {
    cwd: gatewayDir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      ...tracing,
      GATEWAY_PORT: String(port),
      GATEWAY_THREADS: String(gatewayThreads),
      HTTP_PORT: String(side),
      BIND_HOST: '127.0.0.1',
      PALETTE_ADDRESS: `127.0.0.1:${backendPort}`,
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'error',
      // As the image runs it (Dockerfile): glibc's arenas capped, and Node's compile cache on, so the
      // main thread, like the serving threads, loads type-stripped code instead of the stripper itself.
      MALLOC_ARENA_MAX: '2',
      NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache'),
    },
  });
  children.push(child);
  await untilReady(side, { timeoutMs: 10_000, child });
  return child;
}

/**
 * grpc-gateway in front of the same backend, or undefined (with the reason printed) where there is
 * no Go to build it. With Go, a failed build stops the bench: the comparison the targets are
 * judged by must not quietly drop out (it once did, when the protos gained an import).
 */
async function startPeer(backendPort: number): Promise<ChildProcess | undefined> {
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) {
    console.log('note: no Go here, so grpc-gateway (the peer) is left out');
    return undefined;
  }
  let binary: string;
  try {
    const output = execFileSync('bash', [`${here}peer-grpc-gateway/build.sh`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    binary = output.trim().split('\n').at(-1)!;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    throw new Error(`grpc-gateway (the peer) did not build: ${stderr || (error as Error).message} (BENCH_PEER=0 runs without it)`);
  }
  const child = spawn(binary, ['-listen', `127.0.0.1:${peerPort}`, '-backend', `127.0.0.1:${backendPort}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await firstLine(child);
  return child;
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
  const values = fields.map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** User + system CPU of a process so far, in jiffies (10 ms). */
function processJiffies(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

let foreignJiffies = 0;
let totalJiffies = 0;

/** Runs one load process; also counts each server's CPU and what other processes used meanwhile. */
async function load(mode: 'rest' | 'grpc' | 'grpc-js', target: string, concurrency: number, servers: ChildProcess[]): Promise<Measurement> {
  const machineBefore = machineJiffies();
  const serversBefore = servers.map((server) => processJiffies(server.pid!));
  const child = spawn(process.execPath, [`${here}load.ts`, mode, target, String(concurrency), String(seconds), String(warmupSeconds)], {
    cwd: gatewayDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await firstLine(child);
  const serversCpu = servers.map((server, index) => processJiffies(server.pid!) - serversBefore[index]!);
  await once(child, 'exit');
  const machine = machineJiffies();
  const result = JSON.parse(line) as LoadResult;
  if (result.errors > 0) throw new Error(`${mode} ${target} c=${concurrency}: ${result.errors} errors`);
  // Ours: the servers and the load process (its CPU for the measured part, scaled to warm-up too).
  const loadJiffies = (result.cpu_us_per_request * result.requests * (1 + warmupSeconds / seconds)) / 10_000;
  foreignJiffies += Math.max(0, machine.busy - machineBefore.busy - serversCpu.reduce((sum, value) => sum + value, 0) - loadJiffies);
  totalJiffies += machine.total - machineBefore.total;
  const measuredShare = seconds / (seconds + warmupSeconds);
  return { result, serverCpuUsPerRequest: serversCpu.map((jiffies) => (jiffies * 10_000 * measuredShare) / result.requests) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const ms = (value: number) => value.toFixed(3).padStart(7);

const backend = await startBackend();
const gateway = await startGateway(backend.port, gatewayPort, sidePort);
// Every request sampled (the worst case), exported as a deployment would, to a receiver that costs nothing here.
const sink = withTracing ? await startOtlpSink() : undefined;
const tracing = (ratio: string) => ({
  OTEL_SERVICE_NAME: 'gateway',
  OTEL_TRACES_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_ENDPOINT: sink!.endpoint,
  OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
  OTEL_TRACES_SAMPLER_ARG: ratio,
});
const traced = sink ? await startGateway(backend.port, tracedPort, tracedSidePort, tracing('1')) : undefined;
const sampled = sink ? await startGateway(backend.port, sampledPort, sampledSidePort, tracing('0.1')) : undefined;
const peer = withPeer ? await startPeer(backend.port) : undefined;
const servers = [backend, gateway, ...(traced && sampled ? [traced, sampled] : []), ...(peer ? [peer] : [])];
const grpcTarget = `127.0.0.1:${backend.port}`;
const sample = await (await fetch(`http://127.0.0.1:${gatewayPort}${restPath}`)).text();
if (peer) {
  const peerSample = await fetch(`http://127.0.0.1:${peerPort}${restPath}`);
  if (!peerSample.ok) throw new Error(`grpc-gateway answered ${peerSample.status}: ${await peerSample.text()}`);
}
console.log(
  `GET ${restPath} → ${sample.length} bytes of JSON; ${seconds} s per measurement after ${warmupSeconds} s warm-up; ` +
    `${rounds} rounds of direct, Shine${traced ? ', Shine traced (all, one in ten)' : ''}${peer ? ', grpc-gateway' : ''} back to back; Shine with ${gatewayThreads} thread${gatewayThreads === 1 ? '' : 's'}` +
    (telemetry ? ' and the tracing preload' : ''),
);

type Edge = 'shine' | 'traced' | 'sampled' | 'peer';
const edgeProcess: Record<Edge, ChildProcess | undefined> = { shine: gateway, traced, sampled, peer };
const edgePort: Record<Edge, number> = { shine: gatewayPort, traced: tracedPort, sampled: sampledPort, peer: peerPort };
const edges = (['shine', 'traced', 'sampled', 'peer'] as const).filter((edge) => edgeProcess[edge]);
const edgeUrl = (edge: Edge) => `http://127.0.0.1:${edgePort[edge]}${restPath}`;
/** Which entry of serverCpuUsPerRequest is the edge itself. */
const edgeServerIndex = (edge: Edge) => servers.indexOf(edgeProcess[edge]!);
const edgeNames: Record<Edge, string> = { shine: 'via Shine (autocannon)', traced: 'Shine, all traced', sampled: 'Shine, 1 in 10 traced', peer: 'via grpc-gateway (autocannon)' };

interface EdgeSummary {
  result: LoadResult;
  /** Medians over rounds of the within-round comparison with direct. */
  addedP50Ms: number;
  addedP99Ms: number;
  ratio: number;
  cpuUsPerRequest: number;
  backendCpuUsPerRequest: number;
}
interface Summary {
  direct: Measurement[];
  byEdge: Map<Edge, Measurement[]>;
  edges: Map<Edge, EdgeSummary>;
  grpcJs: Measurement;
}

/** The median of each field over rounds: what the rows print. */
function typical(measurements: Measurement[]): LoadResult {
  const of = (pick: (r: LoadResult) => number) => median(measurements.map((m) => pick(m.result)));
  return {
    requests: of((r) => r.requests),
    errors: 0,
    rps: of((r) => r.rps),
    p50_ms: of((r) => r.p50_ms),
    p90_ms: of((r) => r.p90_ms),
    p99_ms: of((r) => r.p99_ms),
    cpu_us_per_request: of((r) => r.cpu_us_per_request),
  };
}

const summaries = new Map<number, Summary>();
for (const concurrency of [1, 64]) {
  const direct: Measurement[] = [];
  const byEdge = new Map<Edge, Measurement[]>(edges.map((edge) => [edge, []]));
  for (let index = 0; index < rounds; index++) {
    // Rotate who goes first, so neither side always gets the cooler (or warmer) machine.
    const order: Array<'direct' | Edge> = ['direct', ...edges];
    for (let turn = 0; turn < index % order.length; turn++) order.push(order.shift()!);
    for (const who of order) {
      if (who === 'direct') direct.push(await load('grpc', grpcTarget, concurrency, servers));
      else byEdge.get(who)!.push(await load('rest', edgeUrl(who), concurrency, servers));
    }
  }
  const grpcJs = await load('grpc-js', grpcTarget, concurrency, servers);
  const edgeSummaries = new Map<Edge, EdgeSummary>();
  for (const [edge, measured] of byEdge) {
    const withinRound = (pick: (through: LoadResult, straight: LoadResult) => number) =>
      median(measured.map((m, index) => pick(m.result, direct[index]!.result)));
    edgeSummaries.set(edge, {
      result: typical(measured),
      addedP50Ms: withinRound((through, straight) => through.p50_ms - straight.p50_ms),
      addedP99Ms: withinRound((through, straight) => through.p99_ms - straight.p99_ms),
      ratio: withinRound((through, straight) => through.rps / straight.rps),
      cpuUsPerRequest: median(measured.map((m) => m.serverCpuUsPerRequest[edgeServerIndex(edge)]!)),
      backendCpuUsPerRequest: median(measured.map((m) => m.serverCpuUsPerRequest[0]!)),
    });
  }
  summaries.set(concurrency, { direct, byEdge, edges: edgeSummaries, grpcJs });

  const row = (name: string, r: LoadResult, cpu: string) =>
    console.log(
      `c=${String(concurrency).padEnd(3)} ${name.padEnd(26)} p50 ${ms(r.p50_ms)} ms  p99 ${ms(r.p99_ms)} ms  ${r.rps.toFixed(0).padStart(6)} req/s  CPU µs/req: load ${r.cpu_us_per_request.toFixed(0)}, ${cpu}`,
    );
  row('direct gRPC (node:http2)', typical(direct), `backend ${median(direct.map((m) => m.serverCpuUsPerRequest[0]!)).toFixed(0)}`);
  for (const [edge, summary] of edgeSummaries) {
    row(
      edgeNames[edge],
      summary.result,
      `backend ${summary.backendCpuUsPerRequest.toFixed(0)}, ${edge === 'peer' ? 'grpc-gateway' : 'gateway'} ${summary.cpuUsPerRequest.toFixed(0)}` +
        `  | within rounds: +${summary.addedP50Ms.toFixed(3)} ms p50, ×${summary.ratio.toFixed(2)} throughput`,
    );
  }
  row('direct gRPC (grpc-js)', grpcJs.result, `backend ${grpcJs.serverCpuUsPerRequest[0]!.toFixed(0)}`);
}

const c1 = summaries.get(1)!;
const c64 = summaries.get(64)!;
const shine1 = c1.edges.get('shine')!;
const shine64 = c64.edges.get('shine')!;
const peer1 = c1.edges.get('peer');
const peer64 = c64.edges.get('peer');
/** Traced against untraced gateway, round by round (they ran back to back), as the median over rounds. */
const tracedVsUntraced = (summary: Summary, pick: (tracedRun: LoadResult, untraced: LoadResult) => number, edge: Edge = 'traced') => {
  const tracedRuns = summary.byEdge.get(edge);
  const untraced = summary.byEdge.get('shine')!;
  return tracedRuns ? median(tracedRuns.map((m, index) => pick(m.result, untraced[index]!.result))) : undefined;
};
const traced1 = c1.edges.get('traced');
const traced64 = c64.edges.get('traced');
const foreignPercent = totalJiffies > 0 ? (100 * foreignJiffies) / totalJiffies : 0;
if (foreignPercent > 10) console.log(`note: other processes used ${foreignPercent.toFixed(0)}% of this machine's CPU during the run; numbers are noisy`);
const result = {
  added_p50_ms: round(shine1.addedP50Ms),
  added_p99_ms: round(shine1.addedP99Ms),
  throughput_ratio: round(shine64.ratio),
  throughput_ratio_c1: round(shine1.ratio),
  ...(peer1 && peer64
    ? {
        peer: 'grpc-gateway v2.33, runtime.NewServeMux defaults',
        peer_added_p50_ms: round(peer1.addedP50Ms),
        peer_added_p99_ms: round(peer1.addedP99Ms),
        peer_throughput_ratio: round(peer64.ratio),
        peer_throughput_ratio_c1: round(peer1.ratio),
        peer_cpu_us_per_request_c64: Math.round(peer64.cpuUsPerRequest),
        peer_rss_mib: round(rssMiB(peer!.pid!), 1),
      }
    : {}),
  throughput_ratio_vs_grpcjs_loop: round(shine64.result.rps / c64.grpcJs.result.rps),
  direct_rps_c1: Math.round(typical(c1.direct).rps),
  gateway_rps_c1: Math.round(shine1.result.rps),
  direct_rps_c64: Math.round(typical(c64.direct).rps),
  gateway_rps_c64: Math.round(shine64.result.rps),
  gateway_cpu_us_per_request_c1: Math.round(shine1.cpuUsPerRequest),
  gateway_cpu_us_per_request_c64: Math.round(shine64.cpuUsPerRequest),
  gateway_rss_mib: round(rssMiB(gateway.pid!), 1),
  gateway_threads: gatewayThreads,
  response_bytes: sample.length,
  rounds,
  other_processes_cpu_percent: round(foreignPercent, 1),
  telemetry_preload: telemetry,
  ...(traced1 && traced64 && sink
    ? {
        tracing: 'preload, parentbased_traceidratio 1.0, OTLP/HTTP to a discarding sink',
        tracing_throughput_ratio: round(tracedVsUntraced(c64, (on, off) => on.rps / off.rps)!),
        tracing_throughput_ratio_c1: round(tracedVsUntraced(c1, (on, off) => on.rps / off.rps)!),
        // The chart's default ratio (global.traceSampleRatio 0.1): what tracing costs as deployed.
        tracing_throughput_ratio_at_0_1: round(tracedVsUntraced(c64, (on, off) => on.rps / off.rps, 'sampled')!),
        tracing_added_p50_ms: round(tracedVsUntraced(c1, (on, off) => on.p50_ms - off.p50_ms)!),
        tracing_added_p99_ms: round(tracedVsUntraced(c1, (on, off) => on.p99_ms - off.p99_ms)!),
        traced_gateway_rps_c64: Math.round(traced64.result.rps),
        traced_gateway_cpu_us_per_request_c64: Math.round(traced64.cpuUsPerRequest),
        traced_gateway_rss_mib: round(rssMiB(traced!.pid!), 1),
        tracing_exported_kib: Math.round(sink.received().bytes / 1024),
      }
    : {}),
};
stopAll();
console.log(JSON.stringify(result));
process.exit(0);
