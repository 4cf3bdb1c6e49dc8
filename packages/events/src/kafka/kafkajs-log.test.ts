import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logLevel } from 'kafkajs';
import { serviceLogLine } from './kafkajs-log.ts';

const entry = (level: logLevel, message: string, fields: Record<string, unknown> = {}) => ({ level, log: { message, timestamp: '2026-12-07T12:43:31.591Z', logger: 'kafkajs', ...fields } });

describe('serviceLogLine', () => {
  it('makes a consumer crash on a coordinator still loading, and kafkajs restarting it, an info line each without the stack', () => {
    // As kafkajs logs a consumer joining a broker that has just started.
    const crash = serviceLogLine(
      entry(logLevel.ERROR, "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group", { groupId: 'shine-recommender', stack: 'KafkaJSProtocolError: …\n    at …' }),
    );
    const restart = serviceLogLine(entry(logLevel.ERROR, 'Restarting the consumer in 100ms', { retryTime: 100, groupId: 'shine-recommender' }));
    assert.equal(crash?.level, 'info');
    assert.equal(crash?.fields['stack'], undefined);
    assert.equal(crash?.fields['groupId'], 'shine-recommender');
    assert.equal(restart?.level, 'info');
  });

  it('keeps any other crash an error with its stack', () => {
    const line = serviceLogLine(entry(logLevel.ERROR, 'Crash: KafkaJSNonRetriableError: The group is already at its configured maximum size', { stack: 'KafkaJSNonRetriableError: …' }));
    assert.equal(line?.level, 'error');
    assert.ok(line?.fields['stack']);
    assert.match(line!.message, /^kafkajs: Crash: /);
  });

  it('makes a retried broker answer an info line, drops the producer retry notice and a topic another service just made, and passes other warnings on', () => {
    const coordinator = serviceLogLine(entry(logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', { error: 'The group coordinator is not available' }));
    assert.equal(coordinator?.level, 'info');
    assert.equal(coordinator?.message, 'kafkajs: Response GroupCoordinator(key: 10, version: 2); retrying');
    assert.equal(coordinator?.fields['error'], undefined);
    assert.equal(coordinator?.fields['broker_answer'], 'The group coordinator is not available');
    assert.equal(serviceLogLine(entry(logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', { error: 'Topic creation errors' })), undefined);
    assert.equal(serviceLogLine(entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: 'The request timed out' }))?.level, 'error');
    assert.equal(serviceLogLine(entry(logLevel.WARN, 'Limiting retries for the idempotent producer to Number.MAX_SAFE_INTEGER')), undefined);
    assert.equal(serviceLogLine(entry(logLevel.WARN, 'Connection timeout', { broker: '127.0.0.1:19092' }))?.level, 'warn');
  });
});
