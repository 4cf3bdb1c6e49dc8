import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger } from './logger.ts';

function captureLines(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line)) };
}

describe('createLogger', () => {
  it('writes JSON lines with service, version, level name and time', () => {
    const { stream, lines } = captureLines();
    createLogger({ service: 'palette', version: '1.2.3', level: 'info', destination: stream }).info({ n: 1 }, 'hello');
    const [line] = lines();
    assert.equal(line?.['service'], 'palette');
    assert.equal(line?.['version'], '1.2.3');
    assert.equal(line?.['level'], 'info');
    assert.equal(line?.['msg'], 'hello');
    assert.match(String(line?.['time']), /^\d{4}-\d\d-\d\dT/);
  });

  it('adds the active trace and span ids', () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const { stream, lines } = captureLines();
      const logger = createLogger({ service: 's', version: 'v', level: 'info', destination: stream });
      const spanContext = {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.SAMPLED,
      };
      context.with(trace.setSpanContext(context.active(), spanContext), () => logger.info('inside'));
      logger.info('outside');
      const [inside, outside] = lines();
      assert.equal(inside?.['trace_id'], spanContext.traceId);
      assert.equal(inside?.['span_id'], spanContext.spanId);
      assert.equal(outside?.['trace_id'], undefined);
    } finally {
      context.disable();
    }
  });
});
