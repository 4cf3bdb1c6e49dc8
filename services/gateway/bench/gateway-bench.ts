// `npm run bench:gateway`: GetPalette (~700 B of JSON) through the gateway vs straight over gRPC,
// on this machine, in one run, at concurrency 1 and 64.
//
// Processes: the fixture palette backend (a real gRPC server from @shine/platform), the gateway
// (src/main.ts as deployed, without the tracing preload, as the grpc-gateway peer ran without
// tracing; BENCH_TELEMETRY=1 adds it), and one load process per measurement (load.ts): autocannon
// for REST and a lean node:http2 gRPC loop for direct calls, both keep-alive, same concurrency.
// Direct and gateway runs alternate so drift hits both; medians of BENCH_ROUNDS rounds are kept.
// A grpc-js client loop is measured once per concurrency as a reference. Other processes' CPU use
// during the run is reported, since it makes any run on a shared machine noisy.
//
// The last line is one JSON object: added_p50_ms and added_p99_ms (c=1), throughput_ratio (c=64,
// gateway ÷ direct), throughput_ratio_c1, the same ratios against the grpc-js loop, gateway CPU per
// request and gateway RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const gatewayDir = fileURLToPath(new URL('..', import.meta.url));
const seconds = Number(process.env['BENCH_SECONDS'] ?? 6);
const warmupSeconds = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 2);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
const gatewayPort = 18_000 + Math.floor(Math.random() * 2_000);
const sidePort = gatewayPort + 1;
const telemetry = process.env['BENCH_TELEMETRY'] === '1';

interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  cpu_us_per_request: number;
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

async function startGateway(backendPort: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...(telemetry ? ['--import', '@shine/platform/telemetry'] : []), 'src/main.ts'], {
    cwd: gatewayDir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      GATEWAY_PORT: String(gatewayPort),
      HTTP_PORT: String(sidePort),
      BIND_HOST: '127.0.0.1',
      PALETTE_ADDRESS: `127.0.0.1:${backendPort}`,
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'error',
    },
  });
  children.push(child);
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${sidePort}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the gateway did not become ready');
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

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((row) => row.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? NaN) / 1024;
}

let foreignJiffies = 0;
let totalJiffies = 0;

/** Runs one load process; also counts the gateway's CPU and what other processes used meanwhile. */
async function load(mode: 'rest' | 'grpc' | 'grpc-js', target: string, concurrency: number, servers: ChildProcess[]) {
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
  if (result.errors > 0) throw new Error(`${mode} c=${concurrency}: ${result.errors} errors`);
  // Ours: the servers and the load process (its CPU for the measured part, scaled to warm-up too).
  const loadJiffies = (result.cpu_us_per_request * result.requests * (1 + warmupSeconds / seconds)) / 10_000;
  foreignJiffies += Math.max(0, machine.busy - machineBefore.busy - serversCpu.reduce((sum, value) => sum + value, 0) - loadJiffies);
  totalJiffies += machine.total - machineBefore.total;
  const measuredShare = seconds / (seconds + warmupSeconds);
  return { result, gatewayCpuUsPerRequest: ((serversCpu[1] ?? 0) * 10_000 * measuredShare) / result.requests };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const ms = (value: number) => value.toFixed(3).padStart(7);

const backend = await startBackend();
const gateway = await startGateway(backend.port);
const restUrl = `http://127.0.0.1:${gatewayPort}/v1/palettes?monk=5&undertone=UNDERTONE_WARM`;
const grpcTarget = `127.0.0.1:${backend.port}`;
const sample = await (await fetch(restUrl)).text();
console.log(
  `GET /v1/palettes?monk=5&undertone=UNDERTONE_WARM → ${sample.length} bytes of JSON; ${seconds} s per measurement after ${warmupSeconds} s warm-up; ` +
    `median of ${rounds} rounds${telemetry ? '; gateway with the tracing preload' : ''}`,
);

interface Summary {
  direct: LoadResult;
  gateway: LoadResult;
  grpcJs: LoadResult;
  gatewayCpuUsPerRequest: number;
}
const summaries = new Map<number, Summary>();
for (const concurrency of [1, 64]) {
  const direct: LoadResult[] = [];
  const through: LoadResult[] = [];
  const gatewayCpu: number[] = [];
  for (let index = 0; index < rounds; index++) {
    direct.push((await load('grpc', grpcTarget, concurrency, [backend, gateway])).result);
    const measured = await load('rest', restUrl, concurrency, [backend, gateway]);
    through.push(measured.result);
    gatewayCpu.push(measured.gatewayCpuUsPerRequest);
  }
  const grpcJs = (await load('grpc-js', grpcTarget, concurrency, [backend, gateway])).result;
  const pick = (results: LoadResult[]): LoadResult => ({
    requests: median(results.map((r) => r.requests)),
    errors: 0,
    rps: median(results.map((r) => r.rps)),
    p50_ms: median(results.map((r) => r.p50_ms)),
    p90_ms: median(results.map((r) => r.p90_ms)),
    p99_ms: median(results.map((r) => r.p99_ms)),
    cpu_us_per_request: median(results.map((r) => r.cpu_us_per_request)),
  });
  const summary = { direct: pick(direct), gateway: pick(through), grpcJs, gatewayCpuUsPerRequest: median(gatewayCpu) };
  summaries.set(concurrency, summary);
  const row = (name: string, r: LoadResult, extra = '') =>
    console.log(
      `c=${String(concurrency).padEnd(3)} ${name.padEnd(24)} p50 ${ms(r.p50_ms)} ms  p99 ${ms(r.p99_ms)} ms  ${r.rps.toFixed(0).padStart(6)} req/s  load generator ${r.cpu_us_per_request.toFixed(0)} µs/req${extra}`,
    );
  row('direct gRPC (node:http2)', summary.direct);
  row('via gateway (autocannon)', summary.gateway, `  gateway ${summary.gatewayCpuUsPerRequest.toFixed(0)} µs CPU/req`);
  row('direct gRPC (grpc-js)', summary.grpcJs);
}

const c1 = summaries.get(1)!;
const c64 = summaries.get(64)!;
const foreignPercent = totalJiffies > 0 ? (100 * foreignJiffies) / totalJiffies : 0;
if (foreignPercent > 10) console.log(`note: other processes used ${foreignPercent.toFixed(0)}% of this machine's CPU during the run; numbers are noisy`);
const result = {
  added_p50_ms: round(c1.gateway.p50_ms - c1.direct.p50_ms),
  added_p99_ms: round(c1.gateway.p99_ms - c1.direct.p99_ms),
  throughput_ratio: round(c64.gateway.rps / c64.direct.rps),
  throughput_ratio_c1: round(c1.gateway.rps / c1.direct.rps),
  throughput_ratio_vs_grpcjs_loop: round(c64.gateway.rps / c64.grpcJs.rps),
  throughput_ratio_vs_grpcjs_loop_c1: round(c1.gateway.rps / c1.grpcJs.rps),
  added_p50_ms_vs_grpcjs_loop: round(c1.gateway.p50_ms - c1.grpcJs.p50_ms),
  direct_rps_c1: Math.round(c1.direct.rps),
  gateway_rps_c1: Math.round(c1.gateway.rps),
  direct_rps_c64: Math.round(c64.direct.rps),
  gateway_rps_c64: Math.round(c64.gateway.rps),
  gateway_cpu_us_per_request_c1: Math.round(c1.gatewayCpuUsPerRequest),
  gateway_cpu_us_per_request_c64: Math.round(c64.gatewayCpuUsPerRequest),
  gateway_rss_mib: round(rssMiB(gateway.pid!), 1),
  response_bytes: sample.length,
  other_processes_cpu_percent: round(foreignPercent, 1),
  telemetry_preload: telemetry,
};
stopAll();
console.log(JSON.stringify(result));
process.exit(0);
