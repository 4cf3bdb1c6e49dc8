// throwaway: profile a traced gateway (1 thread) under autocannon
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { startOtlpSink } from '@shine/platform/bench';
import { untilReady } from '@shine/platform/testing';
const ratio = process.argv[2] ?? '1';
const sink = await startOtlpSink();
const backend = spawn(process.execPath, ['bench/backend.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = (await once(createInterface({ input: backend.stdout! }), 'line')) as [string];
const port = JSON.parse(line).port;
const traced = ratio !== 'off';
const gw = spawn(process.execPath, [...(traced ? ['--import', '@shine/platform/telemetry'] : []), '--cpu-prof', '--cpu-prof-dir=/tmp/tprof', 'src/main.ts'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, ...(traced ? { OTEL_SERVICE_NAME: 'gateway', OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: ratio } : {}), GATEWAY_PORT: '18555', GATEWAY_THREADS: '1', HTTP_PORT: '18556', BIND_HOST: '127.0.0.1', PALETTE_ADDRESS: `127.0.0.1:${port}`, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'error' },
});
await untilReady(18556, { timeoutMs: 15_000, child: gw });
const load = spawn(process.execPath, ['bench/load.ts', 'rest', 'http://127.0.0.1:18555/v1/palettes?monk=5&undertone=UNDERTONE_WARM', '64', '8'], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = ''; load.stdout!.on('data', (d) => (out += d));
await once(load, 'exit');
console.log(out.trim().split('\n').at(-1));
gw.kill('SIGTERM'); await once(gw, 'exit'); backend.kill('SIGTERM'); await sink.close?.();
process.exit(0);
