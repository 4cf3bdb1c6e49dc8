// One measurement, in its own process so the load generator never shares an event loop with what
// it measures:
//   node load.ts rest <url> <concurrency> <seconds> <warmupSeconds>        autocannon, keep-alive HTTP/1.1
//   node load.ts grpc <host:port> <concurrency> <seconds> <warmupSeconds>  gRPC over one node:http2 session
//   node load.ts grpc-js <host:port> …                                      a grpc-js generic client loop
// The first two are lean on purpose (autocannon writes raw HTTP/1.1; the gRPC loop frames messages
// on node:http2 itself, as ghz does in Go), so on a 2-core machine neither load generator eats the
// CPU the servers need. The grpc-js loop costs its process more per call; it is a reference.
// Latency is taken per response from a monotonic clock (autocannon's own histogram has 1 ms
// resolution, too coarse here). Prints one JSON line: requests, rps, p50/p90/p99 in ms, errors and
// the load generator's own CPU per request.
import { connect, constants } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { paletteV1, typeV1 } from '@shine/contracts';
import autocannon from 'autocannon';

const [mode, target = '', concurrencyText = '1', secondsText = '5', warmupText = '1'] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const seconds = Number(secondsText);
const warmup = Number(warmupText);

const paletteRequest = paletteV1.GetPaletteRequest.encode(
  paletteV1.GetPaletteRequest.fromPartial({ monk: 5, undertone: typeV1.Undertone.UNDERTONE_WARM }),
).finish();
const grpcPath = '/shine.palette.v1.PaletteService/GetPalette';

interface Measured {
  requests: number;
  errors: number;
  elapsedSeconds: number;
  latenciesMs: number[];
}

function runRest(durationSeconds: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const latenciesMs: number[] = [];
    const instance = autocannon({ url: target, connections: concurrency, duration: durationSeconds, pipelining: 1 }, (error, result) => {
      if (error) return reject(error);
      if (result.errors + result.non2xx > 0) {
        process.stderr.write(`rest: ${result.errors} errors, ${result.timeouts} timeouts, status codes ${JSON.stringify(result.statusCodeStats)}\n`);
      }
      resolve({ requests: result.requests.total, errors: result.errors + result.non2xx, elapsedSeconds: result.duration, latenciesMs });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode === 200) latenciesMs.push(responseTimeMs);
    });
  });
}

/** `concurrency` loops calling until the time is up, each call timed. */
async function closedLoop(durationSeconds: number, call: () => Promise<boolean>): Promise<Measured> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const before = performance.now();
        if (await call()) latenciesMs.push(performance.now() - before);
        else errors += 1;
      }
    }),
  );
  return { requests: latenciesMs.length + errors, errors, elapsedSeconds: (performance.now() - started) / 1000, latenciesMs };
}

async function runGrpc(durationSeconds: number): Promise<Measured> {
  const session = connect(`http://${target}`);
  await new Promise<void>((resolve, reject) => session.once('connect', () => resolve()).once('error', reject));
  // The gRPC length-prefixed message: no compression flag, 4-byte big-endian length, the bytes.
  const frame = Buffer.alloc(5 + paletteRequest.length);
  frame.writeUInt32BE(paletteRequest.length, 1);
  frame.set(paletteRequest, 5);
  const headers = {
    [constants.HTTP2_HEADER_METHOD]: 'POST',
    [constants.HTTP2_HEADER_PATH]: grpcPath,
    [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
    te: 'trailers',
    'grpc-timeout': '10S',
  };
  const call = () =>
    new Promise<boolean>((resolve) => {
      const stream = session.request(headers, { endStream: false });
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      stream.on('trailers', (trailers) => resolve(trailers['grpc-status'] === '0' && bytes > 5));
      stream.on('error', () => resolve(false));
      stream.end(frame);
    });
  const measured = await closedLoop(durationSeconds, call);
  session.close();
  return measured;
}

async function runGrpcJs(durationSeconds: number): Promise<Measured> {
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  const request = Buffer.from(paletteRequest);
  const passThrough = (bytes: Buffer) => bytes;
  const call = () =>
    new Promise<boolean>((resolve) =>
      client.makeUnaryRequest(grpcPath, passThrough, passThrough, request, new grpc.Metadata(), { deadline: Date.now() + 10_000 }, (error) =>
        resolve(!error),
      ),
    );
  const measured = await closedLoop(durationSeconds, call);
  client.close();
  return measured;
}

const run = mode === 'rest' ? runRest : mode === 'grpc' ? runGrpc : mode === 'grpc-js' ? runGrpcJs : undefined;
if (!run) throw new Error(`mode must be rest, grpc or grpc-js, got ${mode}`);
if (warmup > 0) await run(warmup);
const cpuBefore = process.cpuUsage();
const measured = await run(seconds);
const cpu = process.cpuUsage(cpuBefore);
const sorted = Float64Array.from(measured.latenciesMs).sort();
const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
process.stdout.write(
  `${JSON.stringify({
    mode,
    concurrency,
    requests: measured.requests,
    errors: measured.errors,
    rps: measured.latenciesMs.length / measured.elapsedSeconds,
    p50_ms: percentile(50),
    p90_ms: percentile(90),
    p99_ms: percentile(99),
    cpu_us_per_request: (cpu.user + cpu.system) / measured.requests,
  })}\n`,
);
process.exit(0);
