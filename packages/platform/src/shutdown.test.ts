import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { EchoServiceClient } from './test-fixtures/echo-service.ts';
import { unary } from './test-fixtures/grpc-test-client.ts';
import { readMetric } from './test-fixtures/read-metric.ts';

const serverMain = fileURLToPath(new URL('test-fixtures/echo-server-main.ts', import.meta.url));

interface ServerProcess {
  child: ChildProcess;
  grpcPort: number;
  httpPort: number;
  stderr: () => string;
}

/** Starts the echo service in its own process, as a container would run it. */
async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [serverMain], {
    env: { ...process.env, GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [firstLine] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const ports = JSON.parse(firstLine) as { grpcPort: number; httpPort: number };
  return { child, ...ports, stderr: () => stderr };
}

/** Resolves once the server reports `count` started Echo calls on /metrics, i.e. the calls are in flight. */
async function waitForStartedCalls(httpPort: number, count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const body = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    if ((readMetric(body, 'grpc_server_started_total', { grpc_method: 'Echo' }) ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the server never saw ${count} Echo call(s)`);
}

async function waitForStatus(httpPort: number, path: string, status: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await fetch(`http://127.0.0.1:${httpPort}${path}`)).status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${path} never answered ${status}`);
}

describe('graceful shutdown on SIGTERM', () => {
  it('finishes in-flight calls, refuses new ones, turns unready, closes pools and exits 0', async () => {
    const server = await startServerProcess({ SHUTDOWN_GRACE_MS: '10000' });
    const client = new EchoServiceClient(`127.0.0.1:${server.grpcPort}`, grpc.credentials.createInsecure());
    const inFlight = unary(client, 'Echo', { text: 'finish me', delay_ms: 1500 });
    await waitForStartedCalls(server.httpPort, 1);

    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');

    // While draining the process stays up but says it is not ready (the signal lands asynchronously).
    let settled = false;
    void inFlight.finally(() => (settled = true));
    await waitForStatus(server.httpPort, '/readyz', 503);
    assert.equal(settled, false, 'the slow call is still in flight while the server is unready');
    const lateClient = new EchoServiceClient(`127.0.0.1:${server.grpcPort}`, grpc.credentials.createInsecure());
    await assert.rejects(unary(lateClient, 'Echo', { text: 'too late' }), { code: grpc.status.UNAVAILABLE });
    lateClient.close();

    assert.deepEqual(await inFlight, { text: 'finish me' });
    const [code] = (await exited) as [number];
    assert.equal(code, 0);
    const log = server.stderr();
    const [shuttingDown, closingPools] = [log.indexOf('shutting down'), log.indexOf('closing pools')];
    assert.ok(shuttingDown >= 0 && closingPools >= 0 && shuttingDown < closingPools, 'pools close after draining');
    assert.match(log, /"msg":"shut down"/);
    client.close();
  });

  it('cuts calls still running when the grace period ends, and still exits 0', async () => {
    const server = await startServerProcess({ SHUTDOWN_GRACE_MS: '300' });
    const client = new EchoServiceClient(`127.0.0.1:${server.grpcPort}`, grpc.credentials.createInsecure());
    const stuck = unary(client, 'Echo', { text: 'never', delay_ms: 60_000, ignore_signal: true });
    await waitForStartedCalls(server.httpPort, 1);
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    await assert.rejects(stuck, (error: grpc.ServiceError) => error.code === grpc.status.CANCELLED || error.code === grpc.status.UNAVAILABLE);
    assert.equal(((await exited) as [number])[0], 0);
    assert.match(server.stderr(), /calls still running after the grace period were cancelled/);
    client.close();
  });
});

describe('start-up with a bad environment', () => {
  it('stops with one message naming the variable, before listening', async () => {
    const child = spawn(process.execPath, [serverMain], {
      env: { ...process.env, GRPC_PORT: 'abc', HTTP_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 1);
    assert.equal(stderr, 'echo: invalid configuration: GRPC_PORT must be a number, got "abc"\n');
  });
});
