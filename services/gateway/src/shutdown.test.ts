// The gateway process as deployed (tracing preload, GATEWAY_THREADS=2) leaves through the
// platform's shutdown path on SIGTERM: every thread drains and flushes the spans it still holds,
// the side port closes, "shut down" is the last line, and the exit code is 0.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { RunningService } from '@shine/platform';
import { getOnNewConnection, startGatewayProcess } from './test-fixtures/gateway-process.ts';
import { startPaletteBackend } from './test-fixtures/shine-services.ts';

const calls = 20;
const upstreamSpanName = 'grpc.shine.palette.v1.PaletteService/GetPalette';

/** An OTLP/HTTP JSON collector on loopback: the names of the spans it was sent. */
async function startCollector() {
  const spanNames: string[] = [];
  const server = createServer((incoming, response) => {
    let body = '';
    incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
    incoming.on('end', () => {
      const sent = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }> };
      for (const resource of sent.resourceSpans) for (const scope of resource.scopeSpans) for (const span of scope.spans) spanNames.push(span.name);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { spanNames, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, close: () => server.close() };
}

describe('gateway shutdown on SIGTERM', () => {
  let backend: RunningService;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  before(async () => {
    backend = await startPaletteBackend();
    collector = await startCollector();
  });
  after(async () => {
    collector.close();
    await backend.shutdown('test over');
  });

  it('drains every thread, flushes the spans each still holds, closes the side port and exits 0', async () => {
    const { child: gateway, port: gatewayPort, sidePort, logLines } = await startGatewayProcess(
      {
        GATEWAY_THREADS: '2',
        PALETTE_ADDRESS: `127.0.0.1:${backend.grpcPort}`,
        RATE_LIMIT_ENABLED: 'false',
        LOG_LEVEL: 'debug',
        OTEL_SERVICE_NAME: 'gateway',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url,
        // Nothing is exported on a schedule: only a flush sends the spans.
        OTEL_BSP_SCHEDULE_DELAY: '3600000',
      },
      ['--import', '@shine/platform/telemetry'],
    );
    try {
      for (let call = 0; call < calls; call++) assert.equal(await getOnNewConnection(gatewayPort, '/v1/palettes?monk=5&undertone=UNDERTONE_WARM'), 200);
      assert.equal(collector.spanNames.length, 0, 'no span leaves before the flush');

      const exited = once(gateway, 'exit');
      gateway.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);

      const served = logLines.filter((line) => line['msg'] === 'request');
      assert.equal(new Set(served.map((line) => line['thread'])).size, 2, 'both threads answered');
      assert.equal(collector.spanNames.filter((name) => name === upstreamSpanName).length, calls, 'every thread flushed its upstream spans');
      const messages = logLines.map((line) => line['msg']);
      assert.ok(messages.indexOf('shutting down: draining in-flight calls') >= 0, 'through the platform shutdown');
      assert.equal(messages.at(-1), 'shut down');
      await assert.rejects(fetch(`http://127.0.0.1:${sidePort}/readyz`), 'the side port is closed');
    } finally {
      if (gateway.exitCode === null) gateway.kill('SIGKILL');
    }
  });
});
