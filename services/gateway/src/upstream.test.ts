import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger, createMetrics, startService, type Metrics, type RunningService } from '@shine/platform';
import { baseConfigSchema, loadConfig } from '@shine/platform/config';
import { libraryService } from './test-fixtures/library-service.ts';
import { startTestStack, type TestStack } from './test-fixtures/test-stack.ts';

/** Calls a server answered, read from its own metrics. */
async function handled(metrics: Metrics): Promise<number> {
  const text = await metrics.registry.metrics();
  return [...text.matchAll(/^grpc_server_handled_total\{[^}]*grpc_method="GetShelf"[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

describe('upstream channels', () => {
  const servers: Array<{ running: RunningService; metrics: Metrics }> = [];
  let stack: TestStack;

  before(async () => {
    for (let index = 0; index < 2; index++) {
      const metrics = createMetrics({ service: `library-${index}`, version: 'test' });
      const running = await startService({
        config: loadConfig(baseConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1' }),
        logger: createLogger({ service: 'library', version: 'test', level: 'silent' }),
        metrics,
        services: [libraryService()],
      });
      running.setReady(true);
      servers.push({ running, metrics });
    }
    // Every address a headless Service would list, as one target.
    const target = `ipv4:${servers.map(({ running }) => `127.0.0.1:${running.grpcPort}`).join(',')}`;
    stack = await startTestStack({}, { upstreamAddress: target });
  });

  after(async () => {
    await stack.close();
    for (const { running } of servers) await running.shutdown('test over');
  });

  it('spread calls round-robin over every address of the service', async () => {
    for (let call = 0; call < 20; call++) assert.equal((await fetch(stack.url('/v1/shelves/s1'))).status, 200);
    const counts = await Promise.all(servers.map(({ metrics }) => handled(metrics)));
    assert.equal(counts[0]! + counts[1]!, 20);
    // Round-robin only picks connected addresses, so the first calls may all go to the first one up.
    assert.ok(counts.every((count) => count >= 5), `calls per server: ${counts.join(', ')}`);
  });
});
