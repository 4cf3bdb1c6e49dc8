import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { loadConfig, baseConfigSchema } from './config.ts';
import { createClient } from './grpc-client.ts';
import { createLogger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { startService, type RunningService } from './service.ts';
import { echoService, EchoServiceClient } from './test-fixtures/echo-service.ts';
import { HealthClient, listServices, unary } from './test-fixtures/grpc-test-client.ts';
import { Code } from './code.ts';
import type { CallContext } from './server-call.ts';
import { readMetric } from './test-fixtures/read-metric.ts';

const silent = createLogger({ service: 'test', version: '0', level: 'silent' });

function testConfig(extra: Record<string, string> = {}) {
  return loadConfig(baseConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1', ...extra });
}

async function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.text() };
}

describe('a service built from the platform, over real sockets', () => {
  let running: RunningService;
  let metrics: Metrics;
  let echo: grpc.Client;
  let health: grpc.Client;
  const echoContexts: CallContext[] = [];

  before(async () => {
    metrics = createMetrics({ service: 'echo', version: '0' });
    running = await startService({
      config: testConfig({ GRPC_DEFAULT_DEADLINE_MS: '300' }),
      logger: silent,
      metrics,
      services: [echoService(echoContexts)],
    });
    const address = `127.0.0.1:${running.grpcPort}`;
    echo = createClient(EchoServiceClient, address, { metrics });
    health = new HealthClient(address, grpc.credentials.createInsecure());
  });

  after(async () => {
    echo.close();
    health.close();
    await running.shutdown('test over');
  });

  it('is not ready until told, on both grpc.health.v1 and /readyz', async () => {
    assert.deepEqual(await unary(health, 'Check', { service: '' }), { status: 'NOT_SERVING' });
    assert.equal((await httpGet(running.httpPort, '/readyz')).status, 503);
    running.setReady(true);
    assert.deepEqual(await unary(health, 'Check', { service: '' }), { status: 'SERVING' });
    assert.deepEqual(await unary(health, 'Check', { service: 'shine.test.v1.EchoService' }), { status: 'SERVING' });
    assert.equal((await httpGet(running.httpPort, '/readyz')).status, 200);
    assert.equal((await httpGet(running.httpPort, '/healthz')).status, 200);
  });

  it('answers a unary call', async () => {
    assert.deepEqual(await unary(echo, 'Echo', { text: 'hello' }), { text: 'hello' });
  });

  it('sends a ShineError with its code, message and reason', async () => {
    await assert.rejects(unary(echo, 'Fail', { code: Code.INVALID_ARGUMENT, message: 'this file is a PDF, not a photo' }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.INVALID_ARGUMENT);
      assert.equal(error.details, 'this file is a PDF, not a photo');
      assert.deepEqual(error.metadata.get('shine-reason'), ['TEST_REASON']);
      return true;
    });
  });

  it('hides unexpected errors behind INTERNAL "internal error"', async () => {
    await assert.rejects(unary(echo, 'Fail', { code: 0 }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.INTERNAL);
      assert.equal(error.details, 'internal error');
      return true;
    });
  });

  it('answers UNAVAILABLE, not INTERNAL, when the database cannot be reached, without naming its address', async () => {
    await assert.rejects(unary(echo, 'Fail', { code: -1 }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.UNAVAILABLE);
      assert.doesNotMatch(error.details, /10\.0\.0\.7/);
      assert.deepEqual(error.metadata.get('shine-reason'), ['DEPENDENCY_UNAVAILABLE']);
      return true;
    });
  });

  it('answers DEADLINE_EXCEEDED when the database cancelled a statement that ran out of time', async () => {
    await assert.rejects(unary(echo, 'Fail', { code: -2 }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.DEADLINE_EXCEEDED);
      assert.deepEqual(error.metadata.get('shine-reason'), ['DEPENDENCY_TIMEOUT']);
      return true;
    });
  });

  it('shortens a message that quotes a huge value back, keeping its code', async () => {
    const message = `no product ${'x'.repeat(100_000)}`;
    await assert.rejects(unary(echo, 'Fail', { code: Code.INVALID_ARGUMENT, message }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.INVALID_ARGUMENT);
      assert.ok(error.details.length <= 1024 && error.details.endsWith('(message shortened)'), `${error.details.length} characters`);
      return true;
    });
  });

  it("honours the client's deadline", async () => {
    await assert.rejects(
      unary(echo, 'Echo', { text: 'slow', delay_ms: 5000 }, { deadline: Date.now() + 100 }),
      { code: grpc.status.DEADLINE_EXCEEDED },
    );
  });

  it('applies the default deadline to a call without one, even when the handler ignores its signal', async () => {
    await assert.rejects(unary(echo, 'Echo', { text: 'slow', delay_ms: 3000, ignore_signal: true }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.DEADLINE_EXCEEDED);
      assert.equal(error.details, 'the deadline passed before the call finished');
      return true;
    });
  });

  it('leaves an answered call alone: its signal aborts neither when the stream closes nor at its deadline', async () => {
    // grpc-js reports the end of every call's stream as 'cancelled', answered or not; and a
    // deadline timer left running would hold each call in memory until its deadline.
    echoContexts.length = 0;
    await Promise.all(Array.from({ length: 10 }, () => unary(echo, 'Echo', { text: 'quick' }, { deadline: Date.now() + 200 })));
    assert.equal(echoContexts.length, 10);
    await sleep(400);
    const aborted = echoContexts.filter((context) => context.signal.aborted);
    assert.equal(aborted.length, 0, `answered calls aborted afterwards: ${aborted.map((context) => String(context.signal.reason)).join('; ')}`);
  });

  it('streams server messages in order', async () => {
    const stream = (echo as unknown as { Count: (request: object) => grpc.ClientReadableStream<{ text: string }> }).Count({ count: 5 });
    const texts: string[] = [];
    for await (const message of stream) texts.push(message.text);
    assert.deepEqual(texts, ['1', '2', '3', '4', '5']);
  });

  it('stops a stream whose client went away, and counts it as CANCELLED', async () => {
    const stream = (echo as unknown as { Count: (request: object) => grpc.ClientReadableStream<{ text: string }> }).Count({ count: 1000, delay_ms: 20 });
    const cancelled = new Promise((resolve) => stream.on('error', resolve));
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.cancel();
    assert.equal(((await cancelled) as grpc.ServiceError).code, grpc.status.CANCELLED);
    await waitFor(async () => {
      const { body } = await httpGet(running.httpPort, '/metrics');
      return readMetric(body, 'grpc_server_handled_total', { grpc_method: 'Count', grpc_code: 'CANCELLED' }) === 1;
    });
  });

  it('lists exactly the services it serves over reflection, as grpcurl does', async () => {
    assert.deepEqual(await listServices(`127.0.0.1:${running.grpcPort}`), [
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
      'shine.test.v1.EchoService',
    ]);
  });

  it('exports process and gRPC metrics on /metrics', async () => {
    const { status, body } = await httpGet(running.httpPort, '/metrics');
    assert.equal(status, 200);
    const echoCall = { service: 'echo', grpc_service: 'shine.test.v1.EchoService', grpc_method: 'Echo', grpc_type: 'unary' };
    assert.ok(readMetric(body, 'process_cpu_user_seconds_total', { service: 'echo' }) !== undefined);
    assert.ok((readMetric(body, 'grpc_server_handled_total', { ...echoCall, grpc_code: 'OK' }) ?? 0) >= 1);
    assert.equal(readMetric(body, 'grpc_server_handled_total', { ...echoCall, grpc_code: 'DEADLINE_EXCEEDED' }), 2);
    assert.equal(readMetric(body, 'grpc_server_handled_total', { grpc_method: 'Fail', grpc_code: 'INVALID_ARGUMENT' }), 2);
    assert.equal(readMetric(body, 'grpc_server_handled_total', { grpc_method: 'Fail', grpc_code: 'UNAVAILABLE' }), 1);
    assert.equal(readMetric(body, 'grpc_server_handled_total', { grpc_method: 'Fail', grpc_code: 'INTERNAL' }), 1);
    assert.ok((readMetric(body, 'grpc_server_handling_seconds_count', { ...echoCall, grpc_code: 'OK' }) ?? 0) >= 1);
    assert.ok(readMetric(body, 'grpc_server_handling_seconds_bucket', { ...echoCall, grpc_code: 'OK', le: '0.005' }) !== undefined);
    assert.ok((readMetric(body, 'grpc_client_handled_total', { grpc_method: 'Echo', grpc_code: 'OK' }) ?? 0) >= 1);
    assert.equal(readMetric(body, 'grpc_client_handled_total', { grpc_method: 'Fail', grpc_code: 'INTERNAL' }), 1);
  });

  it('answers 404 with a hint on unknown side-port paths', async () => {
    const { status, body } = await httpGet(running.httpPort, '/nope');
    assert.equal(status, 404);
    assert.match(body, /\/metrics/);
  });
});

async function waitFor(condition: () => Promise<boolean>, attempts = 100): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in time');
}
