// A broker that stored a batch but whose answer never reached the producer (it stopped, or the
// connection broke, just after writing). kafkajs then takes the batch's sequence numbers back, so the
// outbox relay's next batch (those rows again, and newer ones) starts at a sequence the broker has
// already passed: OUT_OF_ORDER_SEQUENCE_NUMBER on every retry, and the event path stays wedged until
// the service restarts (seen in CI: 191 of 300 analyses never left the outbox after a broker restart).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@shine/platform/testing';
import type { EventTransport } from '../event-transport.ts';
import { localKafkaUnavailable, startLocalKafka, type LocalKafka } from '../local-kafka/local-kafka.ts';
import { kafkaTransport } from './kafka-transport.ts';

const unavailable = localKafkaUnavailable();
const skip = unavailable && !process.env['CI'] ? `Kafka cannot run here: ${unavailable}` : false;
const topic = 'test.lost-answer';
const PRODUCE_API_KEY = 0;

describe('Kafka transport: a batch the broker stored but never answered', { skip, timeout: 120_000 }, () => {
  let dir: string;
  let kafka: LocalKafka;
  let proxy: AnswerDroppingProxy;
  let transport: EventTransport;
  const errors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shine-kafka-lost-answer-'));
    const brokerPort = await freePort();
    proxy = await answerDroppingProxy(brokerPort);
    // Clients are told to reach the broker through the proxy, so every request passes it.
    kafka = await startLocalKafka({ dataDir: dir, port: brokerPort, controllerPort: await freePort(), brokerSettings: { 'advertised.listeners': `PLAINTEXT://127.0.0.1:${proxy.port}` } });
    transport = kafkaTransport({ brokers: `127.0.0.1:${proxy.port}`, clientId: 'lost-answer', log: (level, message) => void (level === 'error' && errors.push(message)) });
    await transport.ensureTopics([{ name: topic, partitions: 1, replicationFactor: 1, retentionMs: 3_600_000 }], (message) => assert.fail(message));
  });
  after(async () => {
    await transport?.close().catch(() => undefined);
    await kafka?.stop();
    proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the next batch (the same rows again and newer ones) instead of failing it for ever', async () => {
    await transport.publish(topic, events('a1'));
    // The broker writes b1 and b2; its answer is dropped and the broker looks down until the publish gives up.
    proxy.dropNextProduceAnswer();
    await assert.rejects(transport.publish(topic, events('b1', 'b2')));
    proxy.answerAgain();
    // What the outbox relay sends next: the rows it could not mark as published, and a newer one.
    await transport.publish(topic, events('b1', 'b2', 'c1'));

    const received: string[] = [];
    const subscription = await transport.subscribe({ groupId: 'lost-answer', topics: [topic], handle: async (event) => void received.push(new TextDecoder().decode(event.value!)) });
    const deadline = Date.now() + 60_000;
    while (!received.includes('c1') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await subscription.stop();
    // b1 and b2 twice: the broker cannot know the new producer's batch repeats them; consumers drop repeats by event id.
    assert.deepEqual(received, ['a1', 'b1', 'b2', 'b1', 'b2', 'c1']);
    assert.ok(errors.some((message) => /out of order sequence number/i.test(message)), 'the broker refused the batch once, as before the fix');
  });
});

function events(...values: string[]) {
  return values.map((value) => ({ key: 'subject-1', value: new TextEncoder().encode(value), headers: {} }));
}

interface AnswerDroppingProxy {
  readonly port: number;
  /** Passes the next Produce request on, and when the broker answers it, cuts the connection instead and refuses new ones. */
  dropNextProduceAnswer(): void;
  /** Accepts connections again. */
  answerAgain(): void;
  close(): void;
}

/** A TCP proxy in front of the broker that reads Kafka's framing (4-byte sizes) to find one Produce request and its answer. */
async function answerDroppingProxy(brokerPort: number): Promise<AnswerDroppingProxy> {
  let armed = false;
  let refusing = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    const broker = connect(brokerPort, '127.0.0.1');
    for (const socket of [client, broker]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    let dropAnswerTo: number | undefined;
    frames(client, (frame) => {
      // Request header: api key (int16), api version (int16), correlation id (int32).
      if (armed && frame.readInt16BE(4) === PRODUCE_API_KEY) {
        armed = false;
        dropAnswerTo = frame.readInt32BE(8);
      }
      broker.write(frame);
    });
    frames(broker, (frame) => {
      // Response header: correlation id (int32).
      if (dropAnswerTo !== undefined && frame.readInt32BE(4) === dropAnswerTo) {
        refusing = true;
        for (const socket of sockets) socket.destroy();
        return;
      }
      client.write(frame);
    });
    client.on('close', () => broker.destroy());
    broker.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    dropNextProduceAnswer: () => void (armed = true),
    answerAgain: () => void (refusing = false),
    close: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** Calls `onFrame` with each whole size-prefixed frame (the size included) read from `socket`. */
function frames(socket: Socket, onFrame: (frame: Buffer) => void): void {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = 4 + pending.readInt32BE(0);
      onFrame(pending.subarray(0, size));
      pending = pending.subarray(size);
    }
  });
}
