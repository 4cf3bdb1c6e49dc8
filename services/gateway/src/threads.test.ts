// The gateway process as deployed (src/main.ts) with GATEWAY_THREADS=2: both threads answer on one
// port, rate limits are the process's (not each thread's), /metrics counts every thread, and
// SIGTERM drains and exits cleanly.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunningService } from '@shine/platform';
import { freePort } from '@shine/platform/testing';
import { getOnNewConnection, startGatewayProcess } from './test-fixtures/gateway-process.ts';
import { startPaletteBackend } from './test-fixtures/shine-services.ts';

const gatewayDir = fileURLToPath(new URL('..', import.meta.url));
const burst = 30;

describe('the gateway process with GATEWAY_THREADS=2', () => {
  let backend: RunningService;
  let gateway: ChildProcess;
  let gatewayPort: number;
  let sidePort: number;
  let logLines: Array<Record<string, unknown>>;

  before(async () => {
    backend = await startPaletteBackend();
    const started = await startGatewayProcess({
      GATEWAY_THREADS: '2',
      PALETTE_ADDRESS: `127.0.0.1:${backend.grpcPort}`,
      RATE_LIMIT_BURST: String(burst),
      RATE_LIMIT_PER_SECOND: '0.001',
      LOG_LEVEL: 'debug',
    });
    [gateway, gatewayPort, sidePort, logLines] = [started.child, started.port, started.sidePort, started.logLines];
  });
  after(async () => {
    if (gateway.exitCode === null) gateway.kill('SIGKILL');
    await backend.shutdown('test over');
  });

  it('answers from both threads, counts one rate limit across them and one /metrics for the process', async () => {
    const statuses: number[] = [];
    for (let call = 0; call < burst + 10; call++) statuses.push(await getOnNewConnection(gatewayPort, '/v1/palettes?monk=5&undertone=UNDERTONE_WARM'));
    assert.equal(statuses.filter((status) => status === 200).length, burst, `statuses: ${statuses.join(' ')}`);
    assert.equal(statuses.filter((status) => status === 429).length, 10);

    // Access lines are written asynchronously (and from two threads): wait for the last of them.
    const served = () => logLines.filter((line) => line['msg'] === 'request' && line['route'] === '/v1/palettes');
    for (let wait = 0; wait < 100 && served().length < burst + 10; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(served().length, burst + 10);
    const threads = new Set(served().map((line) => line['thread']));
    assert.equal(threads.size, 2, `threads that answered: ${[...threads].join(', ')}`);

    const metrics = await (await fetch(`http://127.0.0.1:${sidePort}/metrics`)).text();
    const count = (status: number) => Number(new RegExp(`^http_server_requests_total\\{[^}]*status="${status}"[^}]*\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
    assert.equal(count(200), burst);
    assert.equal(count(429), 10);
    assert.match(metrics, /^process_cpu_seconds_total\{service="gateway"\} /m, 'the process metrics once, from the main thread');
    assert.match(metrics, /^process_start_time_seconds\{service="gateway"\} \d+/m, 'including those prom-client would not sum');
    assert.match(metrics, /^nodejs_version_info\{[^}]*\} 1$/m);
  });

  it('refuses to start a second gateway on a port it holds, threads or not', async () => {
    const second = spawn(process.execPath, ['src/main.ts'], {
      cwd: gatewayDir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, GATEWAY_THREADS: '2', GATEWAY_PORT: String(gatewayPort), HTTP_PORT: String(await freePort()), BIND_HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    });
    let stderr = '';
    second.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      // A second gateway that did start would run until killed: give it 15 s to fail.
      const [code] = (await once(second, 'exit', { signal: AbortSignal.timeout(15_000) })) as [number | null];
      assert.notEqual(code, 0);
    } finally {
      second.kill('SIGKILL');
    }
    assert.match(stderr, /EADDRINUSE/);
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const exited = once(gateway, 'exit');
    gateway.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);
    assert.ok(logLines.some((line) => line['msg'] === 'shut down'));
  });
});
