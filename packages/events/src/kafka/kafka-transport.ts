import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type IHeaders } from 'kafkajs';
import type { EventTransport, OutgoingEvent, ReceivedEvent, SubscribeOptions, Subscription, TopicSpec } from '../event-transport.ts';
import { processInSpan } from '../event-tracing.ts';
import { handleKeyOrdered } from '../handle-key-ordered.ts';
import { serviceLogLine } from './kafkajs-log.ts';

export interface KafkaTransportOptions {
  /** Comma-separated host:port list, as KAFKA_BROKERS gives it. */
  readonly brokers: string;
  readonly clientId: string;
  /** kafkajs's own warnings and errors (a lost connection, a rebalance), for the service's logger. */
  readonly log?: (level: 'error' | 'warn' | 'info', message: string, fields: Record<string, unknown>) => void;
  /** Consumer group timing: short in tests so a dead member's partitions move on quickly. */
  readonly sessionTimeoutMs?: number;
}

// A consumer kafkajs gave up on is replaced after this delay, doubling up to the maximum while it keeps failing.
const RESTART_INITIAL_DELAY_MS = 1_000;
const RESTART_MAX_DELAY_MS = 30_000;

/** The real transport: Apache Kafka through kafkajs, with an idempotent producer (acks=all). */
export function kafkaTransport(options: KafkaTransportOptions): EventTransport {
  const brokers = options.brokers.split(',').map((broker) => broker.trim()).filter(Boolean);
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    // A broker that is down fails a call within seconds; the caller (the outbox relay) backs off.
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const line = serviceLogLine(entry);
      if (line) options.log?.(line.level, line.message, line.fields);
    },
  });
  // One of each, connected on first use and kept: a metrics scrape (lag) must not open a connection.
  const producer = connectedOnce(() =>
    // One in flight keeps a key's order even across retries; idempotence drops the broker-side duplicates.
    kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 5, maxRetryTime: 2_000 } }),
  );
  const admin = connectedOnce(() => kafka.admin());
  const subscriptions = new Set<Subscription>();
  const withAdmin = async <T>(work: (admin: Admin) => Promise<T>): Promise<T> => work(await admin.get());

  return {
    description: `Kafka at ${brokers.join(',')}`,

    ensureTopics: (topics, onMismatch) =>
      withAdmin(async (admin) => {
        const existing = new Set(await admin.listTopics());
        const present = topics.filter((topic) => existing.has(topic.name));
        if (present.length > 0) {
          const metadata = await admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) });
          for (const topic of present) {
            const partitions = metadata.topics.find((found) => found.name === topic.name)?.partitions.length;
            if (partitions !== topic.partitions) {
              onMismatch(`topic ${topic.name} has ${partitions} partitions where ${topic.partitions} are configured; left as it is (repartitioning reorders keys)`);
            }
          }
        }
        const missing = topics.filter((topic) => !existing.has(topic.name));
        if (missing.length > 0) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic: TopicSpec) => ({
              topic: topic.name,
              numPartitions: topic.partitions,
              replicationFactor: topic.replicationFactor,
              configEntries: [{ name: 'retention.ms', value: String(topic.retentionMs) }],
            })),
          });
        }
      }),

    publish: async (topic, events) => {
      if (events.length === 0) return;
      const record = {
        topic,
        acks: -1,
        messages: events.map((event: OutgoingEvent) => ({ key: event.key, value: event.value === null ? null : Buffer.from(event.value), headers: { ...event.headers } })),
      };
      try {
        await (await producer.get()).send(record);
      } catch (error) {
        if (!producerStateLost(error)) throw error;
        // The broker and this producer disagree on its sequence numbers, for good: start again as a
        // new producer (a new id, sequences from 0). What the broker had stored goes again; consumers
        // drop repeated event ids.
        options.log?.('warn', 'kafka: the broker refused the producer\'s sequence (a batch it stored was never answered); publishing again as a new producer', {
          broker_answer: (error as Error).message,
        });
        await producer.close().catch(() => undefined);
        await (await producer.get()).send(record);
      }
    },

    subscribe: async (subscribeOptions) => {
      const subscription = await subscribeKafka(kafka, subscribeOptions, options.sessionTimeoutMs ?? 10_000, withAdmin, options.log);
      subscriptions.add(subscription);
      return {
        lag: () => subscription.lag(),
        stop: async () => {
          subscriptions.delete(subscription);
          await subscription.stop();
        },
      };
    },

    close: async () => {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      subscriptions.clear();
      await producer.close();
      await admin.close();
    },
  };
}

async function subscribeKafka(
  kafka: Kafka,
  options: SubscribeOptions,
  sessionTimeoutMs: number,
  withAdmin: <T>(work: (admin: Admin) => Promise<T>) => Promise<T>,
  log: KafkaTransportOptions['log'],
): Promise<Subscription> {
  const abort = new AbortController();
  let consumer: Consumer | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    abort.abort();
    clearTimeout(restartTimer);
    stopped ??= consumer?.disconnect() ?? Promise.resolve();
    return stopped;
  };
  // kafkajs restarts a consumer after a retriable failure itself, but gives up for good on one it
  // calls non-retriable (a commit refused mid-rebalance, a coordinator error): the process would
  // stay up with the group's partitions unread. Such a consumer is replaced by a new member.
  let restarts = 0;
  const replaceAfterCrash = (error: Error) => {
    if (abort.signal.aborted) return;
    const delayMs = Math.min(RESTART_MAX_DELAY_MS, RESTART_INITIAL_DELAY_MS * 2 ** restarts++);
    log?.('error', `the consumer of group ${options.groupId} stopped for good on a non-retriable error; a new one joins in ${delayMs} ms`, { error: error.message, restarts });
    restartTimer = setTimeout(() => {
      void startConsumer().catch((startError: unknown) => replaceAfterCrash(startError instanceof Error ? startError : new Error(String(startError))));
    }, delayMs);
  };
  const startConsumer = async () => {
    const started = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.max(100, Math.floor(sessionTimeoutMs / 10)),
      rebalanceTimeout: Math.max(sessionTimeoutMs, 10_000),
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    consumer = started;
    started.on(started.events.CRASH, ({ payload }) => {
      if (!payload.restart) replaceAfterCrash(payload.error);
    });
    // A member that joined and fetched again has recovered: the next crash starts from a short delay.
    started.on(started.events.FETCH, () => {
      restarts = 0;
    });
    await started.connect();
    await started.subscribe({ topics: [...options.topics], fromBeginning: true });
    await started.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Partitions are independent: one slow subject does not hold up the others.
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        const { topic, partition } = batch;
        const events: ReceivedEvent[] = batch.messages.map((message) => ({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? '',
          value: message.value === null ? null : new Uint8Array(message.value.buffer, message.value.byteOffset, message.value.byteLength),
          headers: headersOf(message.headers),
        }));
        // A handler failed, or the partition moved to another member: take no more from this batch.
        const { handledThrough, failed } = await handleKeyOrdered(
          events,
          (event) => processInSpan('kafka', options.groupId, event, () => options.handle(event, { heartbeat, signal: abort.signal })),
          () => abort.signal.aborted || !isRunning() || isStale(),
        );
        // Committed after the events it covers were handled (what was handled before a failure too);
        // a crash before it delivers them again, and handlers are idempotent.
        if (handledThrough !== undefined) {
          resolveOffset(handledThrough);
          await started.commitOffsets([{ topic, partition, offset: (BigInt(handledThrough) + 1n).toString() }]);
        }
        if (failed && !abort.signal.aborted) {
          options.onCrash?.(failed);
          void stop();
        }
      },
    });
    // Stopped while this member was joining: it leaves at once.
    if (abort.signal.aborted) await started.disconnect();
  };
  await startConsumer();
  return {
    lag: () =>
      withAdmin(async (admin) => {
        const lag = new Map<string, number>();
        const committed = await admin.fetchOffsets({ groupId: options.groupId, topics: [...options.topics] });
        for (const topic of options.topics) {
          const ends = await admin.fetchTopicOffsets(topic);
          const group = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
          for (const end of ends) {
            const at = group.find((entry) => entry.partition === end.partition)?.offset ?? '-1';
            const from = at === '-1' ? Number(end.low) : Number(at);
            lag.set(`${topic}/${end.partition}`, Math.max(0, Number(end.high) - from));
          }
        }
        return lag;
      }),
    stop,
  };
}

/** A kafkajs client connected when first needed and then kept; a failed connect is tried again next time. */
// Answers after which an idempotent producer's id or sequence numbers no longer match the broker's:
// kafkajs takes a batch's sequence numbers back when its answer is lost, though the broker may have
// stored it, and then every later batch is refused. Only a new producer gets past them.
const PRODUCER_STATE_ERRORS = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'INVALID_PRODUCER_ID_MAPPING']);

function producerStateLost(error: unknown): boolean {
  // kafkajs wraps the broker's answer (retries exceeded, non-retriable): look a few causes deep.
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (PRODUCER_STATE_ERRORS.has((cause as Error & { type?: string }).type ?? '')) return true;
  }
  return false;
}

function connectedOnce<Client extends { connect(): Promise<void>; disconnect(): Promise<void> }>(make: () => Client): { get(): Promise<Client>; close(): Promise<void> } {
  let client: Promise<Client> | undefined;
  return {
    get: () =>
      (client ??= (async () => {
        const made = make();
        await made.connect();
        return made;
      })().catch((error: unknown) => {
        client = undefined;
        throw error;
      })),
    close: async () => {
      const connected = await client?.catch(() => undefined);
      client = undefined;
      await connected?.disconnect();
    },
  };
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}
