import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '@shine/platform';
import { loadConfig } from '@shine/platform/config';
import { AggregatorRegistry } from 'prom-client';
import { Writable } from 'node:stream';
import { gatewayConfigSchema } from './config.ts';
import { GatewayThreads, type ThreadData } from './gateway-threads.ts';

const threadData: Omit<ThreadData, 'sharePort'> = { config: loadConfig(gatewayConfigSchema, {}), port: 0, rateLimitBuffer: undefined };

const standIn = new URL('./test-fixtures/stand-in-thread.ts', import.meta.url);

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'gateway', version: 'test', level: 'info', destination }) };
}

describe('GatewayThreads', () => {
  it('replaces a thread that dies, logs why, and keeps what it had counted', async () => {
    const { lines, logger } = capturedLogger();
    const threads = await GatewayThreads.start(2, threadData, logger, standIn);
    try {
      assert.equal(threads.size, 2);
      const counted = async () => (await AggregatorRegistry.aggregate(await threads.metrics()).getMetricsAsJSON())[0]?.values[0]?.value;
      // Each stand-in counts 7, answers, then dies.
      assert.equal(await counted(), 14);
      for (let wait = 0; wait < 100 && threads.size > 0; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(threads.size, 0, 'the failed threads are gone');
      for (let wait = 0; wait < 300 && threads.size < 2; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(threads.size, 2, 'and others took their places');
      assert.equal(await counted(), 28, 'the dead threads\' 14 stay in the sum: a counter that went down would read as a reset');
      assert.ok(lines.some((line) => line['msg'] === 'a gateway thread failed'));
      assert.ok(lines.some((line) => line['msg'] === 'a gateway thread stopped: starting another'));
    } finally {
      await threads.close(100);
    }
    assert.equal(threads.size, 0);
  });

  it('fails to start when a thread cannot start', async () => {
    const { logger } = capturedLogger();
    const broken = new URL('data:text/javascript,throw new Error("cannot start")');
    await assert.rejects(GatewayThreads.start(1, threadData, logger, broken), /before it was listening/);
  });
});
