import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { EchoServiceClient } from '../test-fixtures/echo-service.ts';
import { unary } from '../test-fixtures/grpc-test-client.ts';
import { consoleExportedSpans as spansOf } from '../testing.ts';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const serverMain = fileURLToPath(new URL('../test-fixtures/echo-server-main.ts', import.meta.url));
const hopMain = fileURLToPath(new URL('../test-fixtures/traced-hop-main.ts', import.meta.url));

/** A process under the telemetry preload with the console exporter; its first stdout line is JSON. */
async function startTraced(main: string, serviceName: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', '@shine/platform/telemetry', main], {
    cwd: packageRoot,
    env: { ...process.env, OTEL_TRACES_EXPORTER: 'console', OTEL_SERVICE_NAME: serviceName, GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const lines = createInterface({ input: child.stdout });
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const [firstLine] = (await once(lines, 'line')) as [string];
  lines.on('line', (line) => (output.stdout += `${line}\n`));
  const stop = async () => {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  return { first: JSON.parse(firstLine) as Record<string, number>, output, stop };
}

describe('telemetry preload', () => {
  it('continues the caller trace in a gRPC server span and stamps the log line with its ids', async () => {
    const child = spawn(process.execPath, ['--import', '@shine/platform/telemetry', serverMain], {
      cwd: packageRoot,
      env: {
        ...process.env,
        OTEL_TRACES_EXPORTER: 'console',
        OTEL_SERVICE_NAME: 'echo',
        GRPC_PORT: '0',
        HTTP_PORT: '0',
        BIND_HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const lines = createInterface({ input: child.stdout });
    const [firstLine] = (await once(lines, 'line')) as [string];
    lines.on('line', (line) => (stdout += `${line}\n`));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const { grpcPort } = JSON.parse(firstLine) as { grpcPort: number };

    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const metadata = new grpc.Metadata();
    metadata.set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`);
    const client = new EchoServiceClient(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
    const echo = (client as unknown as Record<string, Function>)['Echo']!;
    await new Promise((resolve, reject) =>
      echo.call(client, { text: 'traced' }, metadata, (error: Error | null, response: unknown) => (error ? reject(error) : resolve(response))),
    );
    assert.deepEqual(await unary(client, 'Echo', { text: 'untraced' }), { text: 'untraced' });
    client.close();

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;

    // The console exporter prints each finished span; the server span joins the caller's trace.
    assert.match(stdout, new RegExp(`traceId: '${traceId}'[\\s\\S]*?name: 'grpc\\.shine\\.test\\.v1\\.EchoService/Echo'`));
    // The resource names the service and its version (from the package.json of the folder it runs in).
    assert.match(stdout, /'service\.name': 'echo'/);
    assert.match(stdout, /'service\.version': '0\.1\.0'/);
    const callLines = stderr
      .split('\n')
      .filter((line) => line.includes('"msg":"call finished"'))
      .map((line) => JSON.parse(line) as { trace_id?: string; span_id?: string });
    assert.equal(callLines.length, 2);
    assert.equal(callLines[0]?.trace_id, traceId);
    assert.match(callLines[0]?.span_id ?? '', /^[0-9a-f]{16}$/);
    assert.notEqual(callLines[1]?.trace_id, traceId, 'a call without a parent starts its own trace');
    assert.match(callLines[1]?.trace_id ?? '', /^[0-9a-f]{32}$/);
  });

  it('follows one request from an HTTP server span through a grpc-js client span to the next service', async () => {
    const echo = await startTraced(serverMain, 'echo');
    const hop = await startTraced(hopMain, 'hop', { ECHO_ADDRESS: `127.0.0.1:${echo.first['grpcPort']}` });
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const response = await fetch(`http://127.0.0.1:${hop.first['port']}/hop`, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
    assert.equal(await response.text(), 'through the hop');
    await hop.stop();
    await echo.stop();

    // SpanKind: 1 server, 2 client.
    const hopSpans = spansOf(hop.output.stdout).filter((span) => span.traceId === traceId);
    const httpServer = hopSpans.find((span) => span.kind === 1);
    const grpcClient = hopSpans.find((span) => span.kind === 2 && span.name === 'grpc.shine.test.v1.EchoService/Echo');
    assert.ok(httpServer, `no HTTP server span in the caller's trace:\n${hop.output.stdout}`);
    assert.equal(httpServer.parentSpanId, 'b7ad6b7169203331');
    assert.ok(grpcClient, `no gRPC client span:\n${hop.output.stdout}`);
    assert.equal(grpcClient.parentSpanId, httpServer.id);
    const grpcServer = spansOf(echo.output.stdout).find((span) => span.traceId === traceId && span.kind === 1);
    assert.ok(grpcServer, `the echo service did not join the trace:\n${echo.output.stdout}`);
    assert.equal(grpcServer.parentSpanId, grpcClient.id);
  });
});
