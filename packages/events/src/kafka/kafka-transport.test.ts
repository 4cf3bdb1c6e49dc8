// What only the Kafka transport must do: keep a subscription consuming when kafkajs gives up on its
// consumer. kafkajs restarts a consumer after a retriable failure, but one it calls non-retriable
// (here the broker refusing a member because the group is full) ends it for good, with the process
// still up and the subscription silently deaf.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@shine/platform/testing';
import type { EventTransport } from '../event-transport.ts';
import { localKafkaUnavailable, startLocalKafka, type LocalKafka } from '../local-kafka/local-kafka.ts';
import { kafkaTransport } from './kafka-transport.ts';

const unavailable = localKafkaUnavailable();
const skip = unavailable && !process.env['CI'] ? `Kafka cannot run here: ${unavailable}` : false;
const topic = 'test.full-group';

describe('Kafka transport: a consumer kafkajs gave up on', { skip, timeout: 120_000 }, () => {
  let dir: string;
  let kafka: LocalKafka;
  const transports: EventTransport[] = [];
  const open = (log?: Parameters<typeof kafkaTransport>[0]['log']) => {
    const transport = kafkaTransport({ brokers: kafka.brokers, clientId: 'full-group', sessionTimeoutMs: 6_000, ...(log ? { log } : {}) });
    transports.push(transport);
    return transport;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shine-kafka-full-group-'));
    // One member per group: a second member's join is refused with GROUP_MAX_SIZE_REACHED, which kafkajs does not retry.
    kafka = await startLocalKafka({ dataDir: dir, port: await freePort(), controllerPort: await freePort(), brokerSettings: { 'group.max.size': '1' } });
  });
  after(async () => {
    for (const transport of transports) await transport.close().catch(() => undefined);
    await kafka?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is replaced by a new member, which consumes once the group has room', async () => {
    const first = open();
    await first.ensureTopics([{ name: topic, partitions: 1, replicationFactor: 1, retentionMs: 3_600_000 }], (message) => assert.fail(message));
    const firstGot: string[] = [];
    const firstSubscription = await first.subscribe({ groupId: 'full', topics: [topic], handle: async (event) => void firstGot.push(event.offset) });
    // The first member has joined once it consumed this: the second is then the one refused.
    await first.publish(topic, [{ key: 'k', value: new TextEncoder().encode('while the first is alone'), headers: {} }]);
    await until(() => firstGot.length === 1, 30_000, 'the first member to join and consume');

    const errors: string[] = [];
    const secondGot: string[] = [];
    const second = open((level, message) => {
      if (level === 'error') errors.push(message);
    });
    await second.subscribe({ groupId: 'full', topics: [topic], handle: async (event) => void secondGot.push(event.offset) });
    await until(() => errors.some((message) => message.startsWith('kafkajs: Crash')), 30_000, "kafkajs to end the second member's consumer");

    // The first member leaves; what is published next must reach the second, though its first consumer was refused.
    await firstSubscription.stop();
    await first.publish(topic, [{ key: 'k', value: new TextEncoder().encode('after the first left'), headers: {} }]);
    await until(() => secondGot.length === 1, 60_000, 'the second member to consume the event published after the first left');
    assert.deepEqual(firstGot, ['0'], 'the first member stopped before the second event was published');
    assert.deepEqual(secondGot, ['1'], 'the second member resumed after what the first committed');
    assert.ok(errors.some((message) => message.includes('stopped for good')), `the replacement is logged: ${errors.join(' | ')}`);
  });
});

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
