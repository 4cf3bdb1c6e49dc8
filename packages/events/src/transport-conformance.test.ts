// One suite, both transports: what the services rely on is the same whichever carries the events.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { DEAD_LETTER_REASON_HEADER, DEAD_LETTER_SOURCE_HEADER } from './event-headers.ts';
import type { EventTransport, ReceivedEvent, SubscribeOptions, Subscription } from './event-transport.ts';
import { handleWithRetry, PermanentEventError } from './handle-with-retry.ts';
import { kafkaUnderTest, postgresUnderTest, type TransportUnderTest } from './testing/event-transports.ts';
import { deadLetterTopicOf } from './topics.ts';

const text = (event: ReceivedEvent) => (event.value === null ? null : new TextDecoder().decode(event.value));
const bytes = (value: string) => new TextEncoder().encode(value);

/** Resolves once `until` holds for what was handled, or rejects after `timeoutMs`. */
async function eventually(until: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!until()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const underTest of [postgresUnderTest(), kafkaUnderTest()] as TransportUnderTest[]) {
  // Outside CI a machine without Java skips the Kafka half, saying why; CI installs Java and runs it.
  const skip = underTest.unavailable && !process.env['CI'] ? `Kafka cannot run here: ${underTest.unavailable}` : false;
  describe(`event transport: ${underTest.name}`, { skip, timeout: 180_000 }, () => {
    let transport: EventTransport;
    const subscriptions: Subscription[] = [];
    const newTopic = async (partitions = 3) => {
      transport ??= await underTest.open();
      const name = `test.${randomUUID().slice(0, 8)}`;
      await transport.ensureTopics(
        [name, deadLetterTopicOf(name)].map((topic) => ({ name: topic, partitions, replicationFactor: 1, retentionMs: 3_600_000 })),
        (message) => assert.fail(message),
      );
      return name;
    };
    const subscribe = async (on: EventTransport, options: SubscribeOptions) => {
      const subscription = await on.subscribe(options);
      subscriptions.push(subscription);
      return subscription;
    };

    after(async () => {
      await Promise.all(subscriptions.map((subscription) => subscription.stop().catch(() => undefined)));
      await underTest.teardown();
    });

    it("delivers every event once, each key's events in the order published, headers and tombstones intact", async () => {
      const topic = await newTopic();
      const keys = ['subject-a', 'subject-b', 'subject-c', 'subject-d', 'subject-e'];
      for (let round = 0; round < 4; round++) {
        await transport.publish(topic, keys.map((key) => ({ key, value: bytes(`${key}#${round}`), headers: { 'shine-event-id': `${key}-${round}` } })));
      }
      await transport.publish(topic, [{ key: 'subject-a', value: null, headers: {} }]);
      const seen: ReceivedEvent[] = [];
      await subscribe(transport, { groupId: `g-${randomUUID()}`, topics: [topic], handle: async (event) => void seen.push(event) });
      await eventually(() => seen.length >= 21, 60_000, '21 events');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(seen.length, 21, 'nothing twice');
      for (const key of keys) {
        const values = seen.filter((event) => event.key === key && event.value !== null).map(text);
        assert.deepEqual(values, [0, 1, 2, 3].map((round) => `${key}#${round}`));
        assert.equal(new Set(seen.filter((event) => event.key === key).map((event) => event.partition)).size, 1, 'one partition per key');
      }
      assert.equal(seen.find((event) => event.key === 'subject-b')?.headers['shine-event-id'], 'subject-b-0');
      const last = seen.filter((event) => event.key === 'subject-a').at(-1)!;
      assert.equal(last.value, null, 'the tombstone comes last, as null');
    });

    it("resumes a group after its committed offset, and a new group reads from the start", async () => {
      const topic = await newTopic(1);
      const groupId = `g-${randomUUID()}`;
      await transport.publish(topic, [1, 2, 3].map((n) => ({ key: 'k', value: bytes(String(n)), headers: {} })));
      const first: string[] = [];
      const subscription = await subscribe(transport, { groupId, topics: [topic], handle: async (event) => void first.push(text(event)!) });
      await eventually(() => first.length === 3, 60_000, 'the first three');
      await subscription.stop();
      await transport.publish(topic, [4, 5].map((n) => ({ key: 'k', value: bytes(String(n)), headers: {} })));
      const second: string[] = [];
      await subscribe(transport, { groupId, topics: [topic], handle: async (event) => void second.push(text(event)!) });
      await eventually(() => second.length >= 2, 60_000, 'the next two');
      assert.deepEqual(second, ['4', '5']);
      const fresh: string[] = [];
      await subscribe(transport, { groupId: `g-${randomUUID()}`, topics: [topic], handle: async (event) => void fresh.push(text(event)!) });
      await eventually(() => fresh.length === 5, 60_000, 'all five for a new group');
    });

    it('delivers an event whose handler failed again, to the next member', async () => {
      const topic = await newTopic(1);
      const groupId = `g-${randomUUID()}`;
      await transport.publish(topic, ['a', 'b', 'c'].map((value) => ({ key: 'k', value: bytes(value), headers: {} })));
      let crashed: Error | undefined;
      const handled: string[] = [];
      const failing = await subscribe(transport, {
        groupId,
        topics: [topic],
        handle: async (event) => {
          if (text(event) === 'b') throw new Error('palette is down');
          handled.push(text(event)!);
        },
        onCrash: (error) => (crashed = error),
      });
      await eventually(() => crashed !== undefined, 60_000, 'the crash');
      assert.equal(crashed?.message, 'palette is down');
      await failing.stop();
      assert.deepEqual(handled, ['a']);
      const again: string[] = [];
      await subscribe(transport, { groupId, topics: [topic], handle: async (event) => void again.push(text(event)!) });
      await eventually(() => again.length === 2, 60_000, 'b and c again');
      assert.deepEqual(again, ['b', 'c'], 'b was not committed, so it comes again');
    });

    it('counts lag: events published and not yet committed by the group', async () => {
      const topic = await newTopic(1);
      await transport.publish(topic, ['a', 'b', 'c'].map((value) => ({ key: 'k', value: bytes(value), headers: {} })));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let started = false;
      const subscription = await subscribe(transport, {
        groupId: `g-${randomUUID()}`,
        topics: [topic],
        handle: async () => {
          started = true;
          await held;
        },
      });
      await eventually(() => started, 60_000, 'the first event in hand');
      assert.equal((await subscription.lag()).get(`${topic}/0`), 3);
      release();
      let lag: number | undefined;
      for (let attempt = 0; attempt < 200 && lag !== 0; attempt++) {
        lag = (await subscription.lag()).get(`${topic}/0`);
        if (lag !== 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(lag, 0, 'all committed once handled');
    });

    it('retries a transient failure in place and dead-letters a permanent one with its reason, then moves on', async () => {
      const topic = await newTopic(1);
      await transport.publish(topic, ['ok-1', 'flaky', 'poison', 'ok-2'].map((value) => ({ key: 'k', value: bytes(value), headers: { 'shine-event-type': 'test' } })));
      let flakyAttempts = 0;
      const handled: string[] = [];
      const retried: number[] = [];
      await subscribe(transport, {
        groupId: `g-${randomUUID()}`,
        topics: [topic],
        handle: handleWithRetry({
          transport,
          retry: { initialDelayMs: 20, maxDelayMs: 100 },
          onRetry: (_event, _error, attempt) => retried.push(attempt),
          handle: async (event) => {
            if (text(event) === 'flaky' && ++flakyAttempts < 3) throw new Error('catalog is down');
            if (text(event) === 'poison') throw new PermanentEventError('unknown event type "test"');
            handled.push(text(event)!);
          },
        }),
      });
      await eventually(() => handled.length === 3, 60_000, 'the three good events');
      assert.deepEqual(handled, ['ok-1', 'flaky', 'ok-2']);
      assert.deepEqual(retried, [1, 2]);
      const dead: ReceivedEvent[] = [];
      await subscribe(transport, { groupId: `g-${randomUUID()}`, topics: [deadLetterTopicOf(topic)], handle: async (event) => void dead.push(event) });
      await eventually(() => dead.length === 1, 60_000, 'the dead letter');
      assert.equal(text(dead[0]!), 'poison');
      assert.equal(dead[0]!.headers[DEAD_LETTER_REASON_HEADER], 'unknown event type "test"');
      assert.match(dead[0]!.headers[DEAD_LETTER_SOURCE_HEADER]!, new RegExp(`^${topic.replace('.', '\\.')}/0/2$`));
      assert.equal(dead[0]!.headers['shine-event-type'], 'test');
    });

    it('shares partitions between members of a group, hands a stopped member\'s partitions to the other, and keeps each key in order through it', async () => {
      const topic = await newTopic(4);
      const groupId = `g-${randomUUID()}`;
      const other = await underTest.open();
      const byMember = new Map<string, Set<number>>([['one', new Set()], ['two', new Set()]]);
      const handled = new Set<string>();
      /** Each key's values in the order handled, by whichever member. */
      const byKey = new Map<string, string[]>();
      const member = (name: string) => async (event: ReceivedEvent) => {
        byMember.get(name)!.add(event.partition);
        handled.add(text(event)!);
        byKey.set(event.key, [...(byKey.get(event.key) ?? []), text(event)!]);
      };
      const one = await subscribe(transport, { groupId, topics: [topic], handle: member('one') });
      await subscribe(other, { groupId, topics: [topic], handle: member('two') });
      // Both members have joined once each has handled an event of its own.
      for (let round = 0; byMember.get('one')!.size === 0 || byMember.get('two')!.size === 0; round++) {
        assert.ok(round < 200, 'both members took partitions');
        await transport.publish(topic, Array.from({ length: 8 }, (_, index) => ({ key: `key-${index}`, value: bytes(`r${round}-${index}`), headers: {} })));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const shared = [...byMember.get('one')!].filter((partition) => byMember.get('two')!.has(partition));
      assert.ok(shared.length < 4, 'no partition is everyone\'s');
      await one.stop();
      byMember.get('two')!.clear();
      await transport.publish(topic, Array.from({ length: 8 }, (_, index) => ({ key: `key-${index}`, value: bytes(`after-${index}`), headers: {} })));
      await eventually(() => Array.from({ length: 8 }, (_, index) => `after-${index}`).every((value) => handled.has(value)), 90_000, 'every partition on the remaining member');
      assert.equal(byMember.get('two')!.size, 4);
      // At-least-once may repeat what a member handled but had not committed when it stopped; what
      // comes first never comes after what followed it.
      for (const [key, values] of byKey) {
        const firsts = values.filter((value, index) => values.indexOf(value) === index);
        const rounds = firsts.map((value) => (value.startsWith('after-') ? Number.POSITIVE_INFINITY : Number(/^r(\d+)-/.exec(value)![1])));
        assert.deepEqual(rounds, rounds.toSorted((left, right) => left - right), `${key} in order: ${values.join(' ')}`);
      }
    });

    it('reports a topic whose partitions differ from the configuration, and leaves it as it is', async () => {
      const topic = await newTopic(2);
      const mismatches: string[] = [];
      await transport.ensureTopics([{ name: topic, partitions: 5, replicationFactor: 1, retentionMs: 3_600_000 }], (message) => mismatches.push(message));
      assert.deepEqual(mismatches, [`topic ${topic} has 2 partitions where 5 are configured; left as it is (repartitioning reorders keys)`]);
      const seen = new Set<number>();
      await subscribe(transport, { groupId: `g-${randomUUID()}`, topics: [topic], handle: async (event) => void seen.add(event.partition) });
      await transport.publish(topic, Array.from({ length: 20 }, (_, index) => ({ key: `k${index}`, value: bytes('x'), headers: {} })));
      await eventually(() => seen.size === 2, 60_000, 'both partitions');
      assert.ok([...seen].every((partition) => partition < 2));
    });
  });
}
